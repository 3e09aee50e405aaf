import ProxGuacCore
import ProxGuacHTTP

/// Guacamole 1.6 applies a batch of connection adds, replaces and removes in one atomic PATCH. The applier
/// sends each connection batch that way; when the PATCH fails (all rolled back) or the server is older,
/// the batch runs one request per action instead, so one bad item never blocks the others.
extension PlanApplier {
    /// At most this many operations per PATCH request.
    static let patchChunk = 500

    /// The PATCH for an action, or nil when it is not a connection change (or its group is missing).
    static func patch(for action: PlanAction, identifiers: Identifiers) -> GuacamolePatch? {
        switch action.operation {
        case .createConnection(_, let fields, _, let parent):
            guard let parent = try? identifiers.group(parent) else { return nil }
            return .add(connection(fields, parent: parent))
        case .updateConnection(let identifier, _, let fields, _, let parent, _):
            guard let parent = try? identifiers.group(parent) else { return nil }
            return .replace(identifier, with: connection(fields, parent: parent))
        case .deleteConnection(let identifier, _, _, _):
            return .remove(identifier)
        default:
            return nil
        }
    }

    /// Sends `actions` as PATCH chunks; returns the results of the chunks that went through and the actions
    /// left for one-by-one requests.
    func patchBatch(_ actions: [PlanAction], identifiers: Identifiers)
        async -> (done: [(PlanAction, Result<Outcome, ApplyStepError>)], remaining: [PlanAction])
    {
        var done: [(PlanAction, Result<Outcome, ApplyStepError>)] = []
        var remaining: [PlanAction] = []
        var patchable: [(PlanAction, GuacamolePatch)] = []
        for action in actions {
            if let patch = Self.patch(for: action, identifiers: identifiers) {
                patchable.append((action, patch))
            } else {
                remaining.append(action)
            }
        }
        for (chunk, outcomes) in await sendChunks(patchable) {
            guard let outcomes, outcomes.count == chunk.count, outcomes.allSatisfy({ $0.error == nil }) else {
                remaining += chunk.map(\.0)
                continue
            }
            for ((action, _), outcome) in zip(chunk, outcomes) {
                if case .createConnection(let identity, _, _, _) = action.operation {
                    if let identifier = outcome.identifier {
                        done.append((action, .success(.createdConnection(identity, identifier))))
                    } else {
                        done.append((action, .failure(ApplyStepError("Guacamole returned no identifier for \(identity)"))))
                    }
                } else {
                    done.append((action, .success(.done)))
                }
            }
        }
        return (done, remaining)
    }

    /// Sends the PATCH chunks concurrently (at most `concurrency` at once: each chunk is atomic on its own, so
    /// their order does not matter); nil outcomes for a chunk that failed.
    private func sendChunks(_ patchable: [(PlanAction, GuacamolePatch)])
        async -> [([(PlanAction, GuacamolePatch)], [GuacamolePatchOutcome]?)]
    {
        let chunks = stride(from: 0, to: patchable.count, by: Self.patchChunk).map {
            Array(patchable[$0..<min($0 + Self.patchChunk, patchable.count)])
        }
        let guacamole = self.guacamole
        return await withTaskGroup(of: ([(PlanAction, GuacamolePatch)], [GuacamolePatchOutcome]?).self) { group in
            var pending = chunks.makeIterator()
            func addNext() {
                guard let chunk = pending.next() else { return }
                group.addTask { (chunk, try? await guacamole.patchConnections(chunk.map(\.1))) }
            }
            for _ in 0..<concurrency { addNext() }
            var answers: [([(PlanAction, GuacamolePatch)], [GuacamolePatchOutcome]?)] = []
            while let answer = await group.next() {
                answers.append(answer)
                addNext()
            }
            return answers
        }
    }
}
