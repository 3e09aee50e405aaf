import ProxGuacCore
import ProxGuacHTTP

/// Guacamole 1.6 creates a batch of connection groups (one depth of the tree) in one atomic PATCH: the
/// first sync of a large cluster sends a few requests instead of one per guest group. A chunk that fails is
/// left for one request per group, as with connections.
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
            guard let created = try? await guacamole.createConnectionGroups(chunk.map(\.group)) else {
                remaining += chunk.map(\.action)
                continue
            }
            for (item, identifier) in zip(chunk, created) {
                done.append((item.action, .success(.createdGroup(item.path, identifier))))
            }
        }
        return (done, remaining)
    }
}
