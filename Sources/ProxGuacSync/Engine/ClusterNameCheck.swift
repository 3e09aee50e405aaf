import ProxGuacCore

/// Markers and state records of guests whose cluster is not in the config, or could not be read this run:
/// their connections are held (never deleted on a guess). A cluster named for the first time, or renamed with
/// `previousNames`, takes over the old name's connections (``ClusterMigration``: markers rewritten in place); a new
/// name with an old one's guests and no `previousNames` is refused before anything is written (see docs/clusters.md).
struct ClusterNameCheck {
    let configured: Set<ClusterName?>
    /// One line per cluster not in the config that still has connections (the plan's notices).
    private(set) var notices: [String] = []
    /// The migrations to carry out (markers rewritten, state re-keyed), one per cluster taking over an old name.
    private(set) var migrations: [ClusterMigration] = []

    /// - Throws: ``ClusterRenameRefused`` (a new name with an old one's guests, no `previousNames`; exit 2).
    init(clusters: [ClusterReader], reads: [ClusterRead], observed: [ObservedConnection], state: SyncState) throws {
        let configured = Set(clusters.map(\.name))
        self.configured = configured
        var unconfigured: [ClusterName?: Set<String>] = [:]
        for connection in observed {
            guard let guest = connection.markedIdentity?.source.guest, !configured.contains(guest.cluster) else { continue }
            unconfigured[guest.cluster, default: []].insert(connection.identifier)
        }
        for (identity, record) in state.records {
            guard let guest = identity.source.guest, !configured.contains(guest.cluster) else { continue }
            unconfigured[guest.cluster, default: []].insert(record.guacIdentifier)
        }
        guard !unconfigured.isEmpty else { return }
        for read in reads {
            guard case .success(let loaded) = read.guests else { continue }
            let name = read.reader.name
            let concerns = { (cluster: ClusterName?) in cluster == name || !configured.contains(cluster) }
            let own = observed.filter { $0.markedIdentity?.source.guest.map { concerns($0.cluster) } ?? false }
            var ownState = state
            ownState.records = state.records.filter { $0.key.source.guest.map { concerns($0.cluster) } ?? false }
            let migration = try ClusterMigration.plan(
                cluster: name, previousNames: read.reader.settings.previousNames, observed: own, state: ownState,
                guestVMIDs: Set(loaded.map(\.facts.vmid)))
            if !migration.renamed.isEmpty { migrations.append(migration) }
        }
        var claimed: [ClusterName?: [ClusterName?]] = [:]
        for migration in migrations {
            for old in migration.renamed { claimed[old, default: []].append(migration.cluster) }
        }
        if let (old, clusters) = claimed.first(where: { $0.value.count > 1 }) {
            throw ClusterMigrationAmbiguous(previous: old, clusters: clusters)
        }
        let renamed = Set(claimed.keys)
        notices = unconfigured.filter { !renamed.contains($0.key) }.sorted { ($0.key?.text ?? "") < ($1.key?.text ?? "") }.map { cluster, connections in
            "\(Self.label(cluster)) is not in the config: its \(connections.count) connection\(connections.count == 1 ? "" : "s") are kept untouched "
                + "(list its name in previousNames if it was renamed; delete them in Guacamole if that cluster is gone)"
        }
    }

    static func label(_ cluster: ClusterName?) -> String {
        cluster.map { "cluster \"\($0.text)\"" } ?? "the unnamed cluster"
    }

    /// The planner's availability with every guest of a failed or unconfigured cluster held, and the state
    /// records to keep as they are for them.
    func held(observed: [ObservedConnection], state: SyncState, failed: [FailedCluster],
              availability: [ConnectionSource: GuestAvailability]) -> (availability: [ConnectionSource: GuestAvailability], records: Set<ConnectionIdentity>) {
        let failedNames = Set(failed.map(\.name))
        var result = availability
        var records: Set<ConnectionIdentity> = []
        func hold(_ identity: ConnectionIdentity) -> Bool {
            guard let guest = identity.source.guest else { return false }
            let reason: GuestAvailability
            if failedNames.contains(guest.cluster) {
                reason = .clusterUnreadable(cluster: ClusterReader.label(guest.cluster))
            } else if !configured.contains(guest.cluster) {
                reason = .clusterNotConfigured(cluster: Self.label(guest.cluster))
            } else {
                return false
            }
            if result[identity.source] == nil { result[identity.source] = reason }
            return true
        }
        for connection in observed {
            if let identity = connection.markedIdentity { _ = hold(identity) }
        }
        for identity in state.records.keys where hold(identity) { records.insert(identity) }
        return (result, records)
    }
}

/// Several configured clusters would take over the same old name's connections (the unnamed cluster's, or a name
/// listed in two clusters' `previousNames`): which cluster they belong to cannot be told. Nothing is written (exit 2).
public struct ClusterMigrationAmbiguous: UserFacingError, Sendable, Hashable {
    public let previous: ClusterName?
    public let clusters: [ClusterName?]

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        let names = clusters.map { $0.map { "\"\($0.text)\"" } ?? "(unnamed)" }.joined(separator: " and ")
        guard let previous else {
            return "connections of the unnamed cluster exist and clusters \(names) could both be it: first give that one cluster "
                + "its name alone in the config (one run of `proxguac auto` rewrites its markers), then add the other clusters; see docs/clusters.md"
        }
        return "clusters \(names) both list \"\(previous.text)\" in previousNames: keep it in the one cluster that was renamed; see docs/clusters.md"
    }
}
