import Logging
import ProxGuacCore
import ProxGuacHTTP

/// Carries out a plan against Guacamole (and, for `--pull`, the Proxmox notes): batches in order,
/// the actions of one batch concurrently (at most `concurrency` at a time). A failed action is
/// recorded and the run goes on; actions that need a group that could not be created fail too.
public struct PlanApplier: Sendable {
    public let guacamole: GuacamoleClient
    public let notesWriter: NotesPullWriter?
    public let concurrency: Int
    let logger: Logger
    /// Attributes of existing connections as read (`GuacamoleSnapshot.attributes`): updates send them back unchanged.
    public var existingAttributes: [String: [String: String?]] = [:]
    /// Type and attributes of existing groups as read (`GuacamoleSnapshot.groupSettings`): renames and moves keep them.
    public var existingGroupSettings: [String: (type: String, attributes: [String: String?])] = [:]
    /// `sync.grant.permissions`: what a `grantRead` action gives (READ, plus any other listed).
    public var grantPermissions = ["READ"]

    public init(guacamole: GuacamoleClient, notesWriter: NotesPullWriter?, concurrency: Int, logger: Logger) {
        self.guacamole = guacamole
        self.notesWriter = notesWriter
        self.concurrency = max(1, concurrency)
        self.logger = logger
    }

    /// Phases whose batches can go as one Guacamole PATCH (group creations too, see `createGroupsBatch`).
    static let connectionPhases: Set<PlanAction.Phase> = [.deleteConnections, .createConnections, .updateConnections]

    /// Batches of more than one connection change or group creation go as one PATCH where the server can.
    static func mayPatch(_ batch: [PlanAction]) -> Bool {
        guard batch.count > 1, let phase = batch.first?.phase else { return false }
        return connectionPhases.contains(phase) || phase == .createGroups
    }

    /// What one action produced.
    enum Outcome: Sendable {
        case done
        case createdGroup(GroupPath, String)
        case createdConnection(ConnectionIdentity, String)
    }

    /// Identifiers known so far (existing ones come from the plan itself).
    struct Identifiers: Sendable {
        var groups: [GroupPath: String] = [:]
        var connections: [ConnectionIdentity: String] = [:]

        func group(_ reference: GroupReference) throws(ApplyStepError) -> String {
            switch reference {
            case .existing(let identifier): return identifier
            case .planned(let path):
                guard let identifier = groups[path] else { throw ApplyStepError("group \(path) was not created") }
                return identifier
            }
        }

        func connection(_ reference: ConnectionReference) throws(ApplyStepError) -> String {
            switch reference {
            case .existing(let identifier): return identifier
            case .planned(let identity):
                guard let identifier = connections[identity] else { throw ApplyStepError("connection \(identity) was not created") }
                return identifier
            }
        }
    }

    /// What became of one action: nil when it was applied, else why it failed.
    public typealias Step = (action: PlanAction, failure: String?)

    /// Runs every batch; `starting` is called before each batch with its actions (the audit log's intent
    /// records), `progress` once after each batch with its results (from the applier's task).
    public func apply(_ plan: Plan, starting: @Sendable ([PlanAction]) -> Void = { _ in },
                      progress: @Sendable ([Step]) -> Void = { _ in }) async -> ApplyReport {
        var report = ApplyReport()
        var identifiers = Identifiers()
        var atomicPatch: Bool?
        // Whether the server takes batch PATCHes is asked once, while the first batches run.
        let batches = plan.batches
        let guacamole = self.guacamole
        let patchProbe = batches.contains(where: Self.mayPatch) ? Task { await guacamole.supportsAtomicPatch() } : nil
        for batch in batches {
            // Cancelled (Ctrl-C in the menus): stop between batches; what is done stays done.
            if Task.isCancelled {
                report.wasCancelled = true
                break
            }
            let known = identifiers
            starting(batch)
            var results: [(PlanAction, Result<Outcome, ApplyStepError>)] = []
            var single = batch
            if Self.mayPatch(batch) {
                if atomicPatch == nil {
                    if let patchProbe { atomicPatch = await patchProbe.value } else { atomicPatch = await guacamole.supportsAtomicPatch() }
                }
                if atomicPatch == true {
                    let applier = self
                    // Shielded: a cancel must not abort the request half-way and leave its outcome unknown.
                    let patched = await Task {
                        batch[0].phase == .createGroups
                            ? await applier.createGroupsBatch(batch, identifiers: known)
                            : await applier.patchBatch(batch, identifiers: known)
                    }.value
                    results = patched.done
                    single = patched.remaining
                }
            }
            results += await run(single, identifiers: known)
            // Cancelled during the batch: its steps not yet started were skipped.
            if Task.isCancelled, results.count < batch.count { report.wasCancelled = true }
            var steps: [Step] = []
            steps.reserveCapacity(results.count)
            for (action, result) in results {
                switch result {
                case .success(let outcome):
                    report.applied.append(action)
                    switch outcome {
                    case .done: break
                    case .createdGroup(let path, let identifier):
                        identifiers.groups[path] = identifier
                        report.createdGroups[path] = identifier
                    case .createdConnection(let identity, let identifier):
                        identifiers.connections[identity] = identifier
                        report.createdConnections[identity] = identifier
                    }
                    steps.append((action, nil))
                case .failure(let error):
                    report.failures.append(ApplyFailure(action: action, message: error.message))
                    logger.warning("\(action.phase) \(action.subject) failed: \(error.message)")
                    steps.append((action, error.message))
                }
            }
            progress(steps)
        }
        return report
    }

    private func run(_ batch: [PlanAction], identifiers: Identifiers) async -> [(PlanAction, Result<Outcome, ApplyStepError>)] {
        let applier = self
        return await withTaskGroup(of: (PlanAction, Result<Outcome, ApplyStepError>).self) { group in
            var pending = batch.makeIterator()
            func addNext() {
                // Cancelled: start no new step; the steps under way finish (shielded below), so none is
                // left half-done with an unknown outcome.
                guard !Task.isCancelled, let action = pending.next() else { return }
                group.addTask {
                    await Task {
                        do throws(ApplyStepError) {
                            return (action, .success(try await applier.perform(action, identifiers: identifiers)))
                        } catch {
                            return (action, .failure(error))
                        }
                    }.value
                }
            }
            for _ in 0..<concurrency { addNext() }
            var results: [(PlanAction, Result<Outcome, ApplyStepError>)] = []
            while let result = await group.next() {
                results.append(result)
                addNext()
            }
            return results
        }
    }

    private func perform(_ action: PlanAction, identifiers: Identifiers) async throws(ApplyStepError) -> Outcome {
        do {
            switch action.operation {
            case .createGroup(let path, let parent):
                let created = try await guacamole.createConnectionGroup(
                    GuacamoleConnectionGroup(name: path.last ?? "", parentIdentifier: try identifiers.group(parent)))
                guard let identifier = created.identifier else { throw ApplyStepError("Guacamole returned no identifier for group \(path)") }
                return .createdGroup(path, identifier)
            case .moveGroup(let identifier, _, let to, let newParent):
                var group = GuacamoleConnectionGroup(name: to.last ?? "", parentIdentifier: try identifiers.group(newParent))
                if let existing = existingGroupSettings[identifier] {
                    group.type = existing.type
                    group.attributes = existing.attributes
                }
                try await guacamole.updateConnectionGroup(identifier, to: group)
                return .done
            case .deleteConnection(let identifier, _, _, _):
                try await deleteConnection(identifier)
                return .done
            case .createConnection(let identity, let fields, _, let parent):
                let created = try await guacamole.createConnection(Self.connection(fields, parent: try identifiers.group(parent)))
                guard let identifier = created.identifier else { throw ApplyStepError("Guacamole returned no identifier for \(identity)") }
                return .createdConnection(identity, identifier)
            case .updateConnection(let identifier, _, let fields, _, let parent, _):
                try await guacamole.updateConnection(identifier, to: Self.connection(
                    fields, parent: try identifiers.group(parent), attributes: existingAttributes[identifier] ?? [:]))
                return .done
            case .grantRead(let target, let users, let userGroups):
                var connections: [String] = []
                var groups: [String] = []
                switch target {
                case .connection(let reference): connections = [try identifiers.connection(reference)]
                case .group(let reference): groups = [try identifiers.group(reference)]
                }
                // Every grantee gets its grant even when another one fails (say, a misspelt group name).
                var problems: [String] = []
                for user in users {
                    do throws(GuacamoleError) {
                        try await guacamole.grant(grantPermissions, toUser: user, connections: connections, connectionGroups: groups)
                    } catch { problems.append(error.description) }
                }
                for userGroup in userGroups {
                    do throws(GuacamoleError) {
                        try await guacamole.grant(grantPermissions, toUserGroup: userGroup, connections: connections, connectionGroups: groups)
                    } catch { problems.append(error.description) }
                }
                guard problems.isEmpty else { throw ApplyStepError(problems.joined(separator: "; ")) }
                return .done
            case .deleteGroup(let identifier, _):
                try await guacamole.deleteConnectionGroup(identifier)
                return .done
            case .pullIntoNotes(let identity, _, let changes, _):
                guard let notesWriter else { throw ApplyStepError("writing into the notes is not possible in this run") }
                try await notesWriter.pull(changes, into: identity)
                return .done
            }
        } catch let error as ApplyStepError {
            throw error
        } catch {
            throw ApplyStepError(String(describing: error))
        }
    }

    /// A connection that is already gone (an earlier try whose answer was lost, or someone else) counts as deleted.
    private func deleteConnection(_ identifier: String) async throws(GuacamoleError) {
        do {
            try await guacamole.deleteConnection(identifier)
        } catch {
            guard case .notFound = error else { throw error }
        }
    }

    /// - Parameter attributes: the connection's attributes as read (empty for a new one).
    static func connection(_ fields: ConnectionFields, parent: String, attributes: [String: String?] = [:]) -> GuacamoleConnection {
        GuacamoleConnection(name: fields.name, parentIdentifier: parent, protocol: fields.protocolName,
                            parameters: fields.parameters.values,
                            // The attributes as read (unmanaged ones keep their values), the managed ones (sync.defaults) on top.
                            attributes: attributes.merging(fields.attributes.mapValues { Optional($0) }) { _, managed in managed })
    }
}

/// Why one action failed (one line, never a secret).
public struct ApplyStepError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
