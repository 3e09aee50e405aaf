import ProxGuacCore
import ProxGuacHTTP

/// Guacamole 1.6 applies a batch of connection adds, replaces and removes in one atomic PATCH. The applier
/// sends each connection batch that way; when the PATCH fails (all rolled back) or the server is older,
/// the batch runs one request per action instead, so one bad item never blocks the others.
extension PlanApplier {
    /// At most this many operations per PATCH request.
    static let patchChunk = 500

    /// The PATCH for an action, or nil when it is not a connection change (or its group is missing).
    static func patch(for action: PlanAction, identifiers: Identifiers,
                      attributes: [String: [String: String?]] = [:]) -> GuacamolePatch? {
        switch action.operation {
        case .createConnection(_, let fields, _, let parent):
            guard let parent = try? identifiers.group(parent) else { return nil }
            return .add(connection(fields, parent: parent))
        case .updateConnection(let identifier, _, let fields, _, let parent, _):
            guard let parent = try? identifiers.group(parent) else { return nil }
            return .replace(identifier, with: connection(fields, parent: parent, attributes: attributes[identifier] ?? [:]))
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
            if let patch = Self.patch(for: action, identifiers: identifiers, attributes: existingAttributes) {
                patchable.append((action, patch))
            } else {
                remaining.append(action)
            }
        }
        for (chunk, answer) in await sendChunks(patchable) {
            guard case .success(let outcomes) = answer, outcomes.count == chunk.count,
                  outcomes.allSatisfy({ $0.error == nil })
            else {
                if case .failure(let error) = answer, error.mayHaveApplied {
                    let (found, rest) = await createsThatHappened(chunk)
                    done += found
                    remaining += rest
                } else {
                    remaining += chunk.map(\.0)
                }
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
    /// their order does not matter).
    private func sendChunks(_ patchable: [(PlanAction, GuacamolePatch)])
        async -> [([(PlanAction, GuacamolePatch)], Result<[GuacamolePatchOutcome], GuacamoleError>)]
    {
        let chunks = stride(from: 0, to: patchable.count, by: Self.patchChunk).map {
            Array(patchable[$0..<min($0 + Self.patchChunk, patchable.count)])
        }
        let guacamole = self.guacamole
        return await withTaskGroup(
            of: ([(PlanAction, GuacamolePatch)], Result<[GuacamolePatchOutcome], GuacamoleError>).self
        ) { group in
            var pending = chunks.makeIterator()
            func addNext() {
                guard let chunk = pending.next() else { return }
                group.addTask {
                    do throws(GuacamoleError) {
                        return (chunk, .success(try await guacamole.patchConnections(chunk.map(\.1))))
                    } catch {
                        return (chunk, .failure(error))
                    }
                }
            }
            for _ in 0..<concurrency { addNext() }
            var answers: [([(PlanAction, GuacamolePatch)], Result<[GuacamolePatchOutcome], GuacamoleError>)] = []
            while let answer = await group.next() {
                answers.append(answer)
                addNext()
            }
            return answers
        }
    }

    /// After a PATCH whose answer was lost, the creates it made (found by name, parent and marker) are done;
    /// everything else goes one by one (updates and deletes can be repeated safely). When the check itself
    /// fails, the creates are left out: the next run finds what exists and plans the rest.
    private func createsThatHappened(_ chunk: [(PlanAction, GuacamolePatch)])
        async -> (done: [(PlanAction, Result<Outcome, ApplyStepError>)], remaining: [PlanAction])
    {
        let creates = chunk.compactMap { action, patch -> (PlanAction, ConnectionIdentity, GuacamoleConnection)? in
            guard case .createConnection(let identity, _, _, _) = action.operation, let value = patch.value else { return nil }
            return (action, identity, value)
        }
        let found: [Int: GuacamoleConnection]
        do {
            found = try await guacamole.existingConnections(like: creates.map(\.2))
        } catch {
            let unknown = ApplyStepError("the batch change's answer was lost and checking what it did failed (\(error)); the next run finds out")
            let createActions = Set(creates.map(\.0))
            return (creates.map { ($0.0, .failure(unknown)) }, chunk.map(\.0).filter { !createActions.contains($0) })
        }
        var done: [(PlanAction, Result<Outcome, ApplyStepError>)] = []
        var made: Set<PlanAction> = []
        for (index, (action, identity, _)) in creates.enumerated() {
            guard let identifier = found[index]?.identifier else { continue }
            done.append((action, .success(.createdConnection(identity, identifier))))
            made.insert(action)
        }
        return (done, chunk.map(\.0).filter { !made.contains($0) })
    }
}
