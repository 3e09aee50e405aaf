import ProxGuacCore

/// Markers and state records of guests whose cluster is not in the config, or could not be read this run:
/// their connections are held (never deleted on a guess), and a config that names or renames a cluster whose
/// connections still carry the old name is refused before anything is written (see docs/clusters.md).
struct ClusterNameCheck {
    let configured: Set<ClusterName?>
    /// One line per cluster not in the config that still has connections (the plan's notices).
    private(set) var notices: [String] = []

    /// - Throws: ``ClusterRenameRefused`` (a new name with an old one's guests, no `previousNames`) or
    ///   ``ClusterMigrationNotSupported`` (a name given or changed: the markers would need rewriting); both exit 2.
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
            if let old = migration.renamed.first { throw ClusterMigrationNotSupported(cluster: name, previous: old) }
        }
        notices = unconfigured.sorted { ($0.key?.text ?? "") < ($1.key?.text ?? "") }.map { cluster, connections in
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

/// A cluster named for the first time, or renamed with `previousNames`, while its connections carry the old
/// name: the markers must be rewritten in place, which this version does not do yet. Nothing is written (exit 2).
public struct ClusterMigrationNotSupported: UserFacingError, Sendable, Hashable {
    public let cluster: ClusterName?
    public let previous: ClusterName?

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        let new = cluster.map { "cluster \"\($0.text)\"" } ?? "the cluster"
        let old = previous.map { "\"\($0.text)\"" } ?? "no name"
        return "\(new) has connections made when it had \(old): rewriting their markers to the new name is not in this version yet; "
            + "keep the cluster's old name (\(previous.map { "\"name\": \"\($0.text)\"" } ?? "no \"name\"")) for now, see docs/clusters.md"
    }
}
