/// Naming or renaming the configured cluster, seen from Guacamole and the state file (docs/clusters.md).
///
/// Markers and state records name the cluster their guest belongs to (`pve:<vmid>:…` for the unnamed cluster,
/// `pve:<name>:<vmid>:…` for a named one). When they name a cluster the config no longer has:
/// - the configured cluster lists that name in `previousNames`, or the config names its only cluster for the
///   first time (the records are unnamed): a **migration**. Each marker is rewritten in place (same connection,
///   same id, permissions and settings) and each state record is re-keyed; the plan is made as if that had
///   happened, so nothing is created or deleted for these guests;
/// - the configured cluster has no connections of its own yet and its guests have the same vmids: most likely
///   a rename without `previousNames`, **refused** (``ClusterRenameRefused``, exit 2) before anything is written;
/// - otherwise: a cluster removed from the config. Its connections are **held** (never deleted on a guess) and reported.
/// Pure: no I/O.
public struct ClusterMigration: Sendable, Hashable {
    /// One marker to rewrite: the connection keeps its identifier, only its `proxguac-id` changes.
    public struct MarkerRewrite: Sendable, Hashable, CustomStringConvertible {
        public let identifier: String
        public let from: ConnectionIdentity
        public let to: ConnectionIdentity

        public var description: String { "#\(identifier) \(from) → \(to)" }
    }

    /// The configured cluster's name (nil: the single unnamed cluster).
    public let cluster: ClusterName?
    /// Old names (nil: the unnamed cluster) whose connections become the configured cluster's.
    public private(set) var renamed: [ClusterName?] = []
    public private(set) var rewrites: [MarkerRewrite] = []
    /// Clusters no longer configured whose connections are held, with how many connections each has.
    public private(set) var held: [ClusterName?: Int] = [:]

    public var isEmpty: Bool { renamed.isEmpty && held.isEmpty }

    /// - Parameters:
    ///   - cluster: the configured cluster's name and `previousNames`.
    ///   - guestVMIDs: the vmids the configured cluster has now (all of `/cluster/resources`).
    public static func plan(cluster: ClusterName?, previousNames: [ClusterName], observed: [ObservedConnection],
                            state: SyncState, guestVMIDs: Set<Int>) throws(ClusterRenameRefused) -> ClusterMigration {
        var migration = ClusterMigration(cluster: cluster)
        var byCluster: [ClusterName?: (connections: Set<String>, vmids: Set<Int>)] = [:]
        for connection in observed {
            guard let identity = connection.markedIdentity, let guest = identity.source.guest else { continue }
            byCluster[guest.cluster, default: ([], [])].connections.insert(connection.identifier)
            byCluster[guest.cluster, default: ([], [])].vmids.insert(guest.vmid)
        }
        for (identity, record) in state.records {
            guard let guest = identity.source.guest else { continue }
            byCluster[guest.cluster, default: ([], [])].connections.insert(record.guacIdentifier)
            byCluster[guest.cluster, default: ([], [])].vmids.insert(guest.vmid)
        }
        let ownsNothing = byCluster[cluster] == nil
        for (old, owned) in byCluster.sorted(by: { ($0.key?.text ?? "") < ($1.key?.text ?? "") }) where old != cluster {
            if let old, previousNames.contains(old) {
                migration.renamed.append(old)
            } else if old == nil, cluster != nil {
                migration.renamed.append(nil)  // the single cluster gets its first name
            } else if ownsNothing, !owned.vmids.isDisjoint(with: guestVMIDs) {
                throw ClusterRenameRefused(configured: cluster, previous: old, connections: owned.connections.count)
            } else {
                migration.held[old] = owned.connections.count
            }
        }
        guard !migration.renamed.isEmpty else { return migration }
        for connection in observed {
            guard let from = connection.markedIdentity, let guest = from.source.guest, migration.renamed.contains(guest.cluster) else { continue }
            migration.rewrites.append(MarkerRewrite(identifier: connection.identifier, from: from, to: migration.moved(from)))
        }
        migration.rewrites.sort { ($0.from, $0.identifier) < ($1.from, $1.identifier) }
        return migration
    }

    /// The identity under the configured cluster's name when its cluster is one of ``renamed``; else unchanged.
    public func moved(_ identity: ConnectionIdentity) -> ConnectionIdentity {
        guard let guest = identity.source.guest, renamed.contains(guest.cluster) else { return identity }
        return .proxmox(cluster: cluster, vmid: guest.vmid, protocolName: identity.protocolName, username: identity.username)
    }

    /// Guacamole as it will be once the markers are rewritten (what the plan is made against).
    public func migrated(_ connections: [ObservedConnection]) -> [ObservedConnection] {
        guard !rewrites.isEmpty else { return connections }
        let byIdentifier = Dictionary(rewrites.map { ($0.identifier, $0.to) }, uniquingKeysWith: { first, _ in first })
        return connections.map { connection in
            guard let to = byIdentifier[connection.identifier] else { return connection }
            var parameters = connection.parameters
            parameters[IdentityMarker.parameterName] = IdentityMarker.encode(to)
            return ObservedConnection(identifier: connection.identifier, name: connection.name, parentIdentifier: connection.parentIdentifier,
                                      protocolName: connection.fields.protocolName, parameters: parameters, attributes: connection.fields.attributes)
        }
    }

    /// The state with the renamed clusters' records under the configured name. The hashes cover the marker, so a
    /// record whose connection was in sync (observed hash = the connection as read) gets the hashes of the
    /// rewritten connection; any other record keeps its hashes (a drift it recorded still shows).
    /// - Parameter observed: Guacamole as read (old markers).
    public func migrated(_ state: SyncState, observed: [ObservedConnection]) -> SyncState {
        guard !renamed.isEmpty else { return state }
        let rewritten = Dictionary(migrated(observed).map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        let read = Dictionary(observed.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        var next = state
        next.records = [:]
        for (identity, record) in state.records {
            let key = moved(identity)
            if key != identity, state.records[key] != nil { continue }  // already migrated: keep that one
            var moved = record
            if key != identity, let before = read[record.guacIdentifier], let after = rewritten[record.guacIdentifier],
               FieldHash(of: before.fields) == record.observedHash {
                let inSync = record.desiredHash == record.observedHash
                moved.observedHash = FieldHash(of: after.fields)
                if inSync { moved.desiredHash = moved.observedHash }
            }
            next.records[key] = moved
        }
        // Values bound without a cluster (written while it was unnamed) stay this cluster's, through later renames too.
        if renamed.contains(nil) || renamed.contains(where: { $0 != nil && $0 == next.ciphertexts.unnamedBecame }) {
            next.ciphertexts.unnamedBecame = cluster
        }
        // The token scope recorded for the old name is the renamed cluster's (the deletion guard keeps comparing).
        if var server = next.server {
            for old in renamed {
                let scope = server.auditScope(of: old)
                if server.auditScope(of: cluster) == nil { server.setAuditScope(scope, of: cluster) }
                server.setAuditScope(nil, of: old)
            }
            next.server = server
        }
        return next
    }

    /// One line per renamed cluster and per held cluster, for the plan's notices and `list`.
    public var notices: [String] {
        let name = { (cluster: ClusterName?) in cluster.map { "cluster \"\($0.text)\"" } ?? "the unnamed cluster" }
        var lines = renamed.map { old in
            let count = rewrites.filter { $0.from.source.guest?.cluster == old }.count
            return "migrate-marker: \(count) connection\(count == 1 ? "" : "s") of \(name(old)) become \(name(cluster))'s, "
                + "their markers rewritten in place (same connections, no delete, no create)"
        }
        lines += held.sorted { ($0.key?.text ?? "") < ($1.key?.text ?? "") }.map { old, count in
            "\(name(old)) is not in the config: its \(count) connection\(count == 1 ? "" : "s") are kept untouched "
                + "(list its name in previousNames if it was renamed; delete them in Guacamole if that cluster is gone)"
        }
        return lines
    }
}

/// A configured cluster without connections of its own, while connections of a cluster no longer configured
/// have the same guests: most likely a rename without `previousNames`. Nothing is written (exit 2).
public struct ClusterRenameRefused: UserFacingError, Sendable, Hashable {
    public let configured: ClusterName?
    public let previous: ClusterName?
    public let connections: Int

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        let owns = "owns \(connections) connection\(connections == 1 ? "" : "s") of the same guests"
        switch (configured, previous) {
        case (let configured?, let previous?):
            return "cluster \"\(configured.text)\" is new but cluster \"\(previous.text)\" (no longer configured) \(owns): "
                + "add \"previousNames\": [\"\(previous.text)\"] to cluster \"\(configured.text)\" to rename it, "
                + "or delete the old connections in Guacamole if \"\(previous.text)\" is another cluster that is gone"
        case (nil, let previous?):
            return "the cluster has no name but cluster \"\(previous.text)\" (no longer configured) \(owns): "
                + "give it \"name\": \"\(previous.text)\" again (or a new name with \"previousNames\": [\"\(previous.text)\"])"
        default:
            return "the configured cluster has connections of another cluster's guests: see docs/clusters.md"
        }
    }
}
