import ProxGuacCore

/// Something under `sync.rootGroup` to delete, by its Guacamole identifier.
public enum ManagedTarget: Sendable, Hashable, CustomStringConvertible {
    case connection(String)
    case group(String)

    public var identifier: String {
        switch self {
        case .connection(let id), .group(let id): id
        }
    }

    public var description: String {
        switch self {
        case .connection(let id): "connection #\(id)"
        case .group(let id): "group #\(id)"
        }
    }
}

/// What deleting managed connections and groups did.
public struct DeletionReport: Sendable {
    public var deleted: [ManagedTarget] = []
    /// One line each, never a secret.
    public var failures: [String] = []
    /// Identities whose state records were forgotten.
    public var forgotten: Set<ConnectionIdentity> = []
    /// Cancelled before every target was handled.
    public var wasCancelled = false

    public init() {}
}

extension GuacamoleSnapshot {
    /// Identifiers of the root group and every group below it (what proxguac may change).
    public func managedGroupIdentifiers(rootGroup: String) -> Set<String> {
        GuacamoleSnapshotLoader.managedGroups(groups, rootGroup: rootGroup)
    }

    /// The connections inside `rootGroup` (at any depth).
    public func managedConnections(rootGroup: String) -> [ObservedConnection] {
        let managed = managedGroupIdentifiers(rootGroup: rootGroup)
        return connections.filter { managed.contains($0.parentIdentifier) }
    }

    /// Whether `target` is `rootGroup` or lives under it.
    public func isManaged(_ target: ManagedTarget, rootGroup: String) -> Bool {
        let managed = managedGroupIdentifiers(rootGroup: rootGroup)
        switch target {
        case .connection(let id):
            return connections.contains { $0.identifier == id && managed.contains($0.parentIdentifier) }
        case .group(let id):
            return managed.contains(id)
        }
    }
}

extension SyncEngine {
    /// Deletes managed connections and groups of `run` (targets outside the root group are refused
    /// with a failure line) and forgets the state records of the deleted connections, so the next sync
    /// treats them like never created: recreated if the notes (or `external`) still ask for them.
    /// The caller holds the run lock (``lock()``).
    public func delete(_ targets: [ManagedTarget], in run: SyncRun,
                       progress: @Sendable (Int, ManagedTarget) -> Void = { _, _ in }) async -> DeletionReport {
        let root = config.sync.rootGroup
        let snapshot = run.guacamole
        var report = DeletionReport()
        var auditProblems: [String] = []
        let audit = openAuditLog(problems: &auditProblems)
        report.failures += auditProblems
        var deletedConnections: Set<String> = []
        for (index, target) in targets.enumerated() {
            guard !Task.isCancelled else {
                report.wasCancelled = true
                break
            }
            progress(index, target)
            guard snapshot.isManaged(target, rootGroup: root) else {
                report.failures.append("\(target) is not under \"\(root)\"; left untouched")
                continue
            }
            audit?.append(AuditRecord(action: "delete", target: "\(target)", result: "intent"))
            do {
                let guacamole = guacamole
                switch target {
                case .connection(let id):
                    try await uncancellable { try await guacamole.deleteConnection(id) }
                    deletedConnections.insert(id)
                case .group(let id):
                    try await uncancellable { try await guacamole.deleteConnectionGroup(id) }
                    // Guacamole deletes a group with everything inside it.
                    let inside = GuacamoleSnapshotLoader.subtree(of: [id], in: snapshot.groups)
                    deletedConnections.formUnion(snapshot.connections.filter { inside.contains($0.parentIdentifier) }.map(\.identifier))
                }
                report.deleted.append(target)
                audit?.append(AuditRecord(action: "delete", target: "\(target)", result: "ok"))
            } catch {
                report.failures.append("\(target): \(error)")
                audit?.append(AuditRecord(action: "delete", target: "\(target)", result: "failed", message: "\(error)"))
            }
        }
        if let failure = audit?.failure { report.failures.append(failure) }
        guard !deletedConnections.isEmpty else { return report }
        do {
            var state = try loadState()
            let identities = Set(run.plan.rows.filter { row in row.guacIdentifier.map(deletedConnections.contains) ?? false }.map(\.identity))
                .union(state.records.filter { deletedConnections.contains($0.value.guacIdentifier) }.map(\.key))
            for identity in identities { state.records[identity] = nil }
            try saveState(state)
            report.forgotten = identities
        } catch {
            report.failures.append("state file not updated: \(error)")
        }
        return report
    }
}
