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
        // One depth's chunks go concurrently (at most `concurrency` at once): each is atomic on its own, and
        // every parent was created by an earlier batch. Each answer comes back with the chunk it answers.
        let chunks = stride(from: 0, to: creatable.count, by: Self.patchChunk).map {
            Array(creatable[$0..<min($0 + Self.patchChunk, creatable.count)])
        }
        for (chunk, answer) in await sendGroupChunks(chunks) {
            switch answer {
            case .success(let created):
                for (item, identifier) in zip(chunk, created) {
                    done.append((item.action, .success(.createdGroup(item.path, identifier))))
                }
            case .failure(let error) where error.mayHaveApplied:
                // The answer was lost: the groups may exist now. Creating them again would fail as duplicates;
                // the next run finds what exists and plans the rest.
                let unknown = ApplyStepError("the batch change's answer was lost (\(error)); the next run finds out")
                done += chunk.map { ($0.action, .failure(unknown)) }
            case .failure:
                remaining += chunk.map(\.action)
            }
        }
        return (done, remaining)
    }

    typealias GroupChunk = [(action: PlanAction, path: GroupPath, group: GuacamoleConnectionGroup)]

    /// Each chunk with its answer (in the order the answers came).
    private func sendGroupChunks(_ chunks: [GroupChunk]) async -> [(GroupChunk, Result<[String], GuacamoleError>)] {
        let guacamole = self.guacamole
        return await withTaskGroup(of: (GroupChunk, Result<[String], GuacamoleError>).self) { group in
            var pending = chunks.makeIterator()
            func addNext() {
                guard let chunk = pending.next() else { return }
                group.addTask {
                    do throws(GuacamoleError) {
                        return (chunk, .success(try await guacamole.createConnectionGroups(chunk.map(\.group))))
                    } catch {
                        return (chunk, .failure(error))
                    }
                }
            }
            for _ in 0..<concurrency { addNext() }
            var answers: [(GroupChunk, Result<[String], GuacamoleError>)] = []
            while let answer = await group.next() {
                answers.append(answer)
                addNext()
            }
            return answers
        }
    }
}
