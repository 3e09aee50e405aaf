import ProxGuacCore
import ProxGuacHTTP

/// Guacamole 1.6 creates a batch of connection groups (one depth of the tree) in one atomic PATCH: the
/// first sync of a large cluster sends a few requests instead of one per guest group. A chunk that fails is
/// left for one request per group, as with connections; one whose answer was lost is reported failed.
extension PlanApplier {
    func createGroupsBatch(_ actions: [PlanAction], identifiers: Identifiers)
        async -> (done: [(PlanAction, Result<Outcome, ApplyStepError>)], remaining: [PlanAction])
    {
        var done: [(PlanAction, Result<Outcome, ApplyStepError>)] = []
        var remaining: [PlanAction] = []
        var creatable: [(action: PlanAction, path: GroupPath, group: GuacamoleConnectionGroup)] = []
        for action in actions {
            if case .createGroup(let path, let parent) = action.operation, let parentIdentifier = try? identifiers.group(parent) {
                creatable.append((action, path, GuacamoleConnectionGroup(name: path.last ?? "", parentIdentifier: parentIdentifier)))
            } else {
                remaining.append(action)
            }
        }
        for start in stride(from: 0, to: creatable.count, by: Self.patchChunk) {
            let chunk = creatable[start..<min(start + Self.patchChunk, creatable.count)]
            do throws(GuacamoleError) {
                let created = try await guacamole.createConnectionGroups(chunk.map(\.group))
                for (item, identifier) in zip(chunk, created) {
                    done.append((item.action, .success(.createdGroup(item.path, identifier))))
                }
            } catch where error.mayHaveApplied {
                // The answer was lost: the groups may exist now. Creating them again would fail as duplicates;
                // the next run finds what exists and plans the rest.
                let unknown = ApplyStepError("the batch change's answer was lost (\(error)); the next run finds out")
                done += chunk.map { ($0.action, .failure(unknown)) }
            } catch {
                remaining += chunk.map(\.action)
            }
        }
        return (done, remaining)
    }
}
