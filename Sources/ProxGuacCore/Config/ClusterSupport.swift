/// How far this version goes with several clusters (issue 20, part 1): the configuration, the identity format and
/// the failover between a cluster's URLs are in; syncing named clusters (and the migration of markers to them)
/// is not yet. Commands that read Proxmox VE go through ``ProxGuacConfig/syncableCluster()`` so a list of
/// clusters is refused in one line instead of syncing only the first one.
public struct ClusterSupportError: UserFacingError, Sendable, Equatable {
    public let names: [String]

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        let listed = names.map { "\"\($0)\"" }.joined(separator: ", ")
        let what = names.count == 1 ? "proxmox names its cluster \(listed)" : "proxmox lists \(names.count) clusters (\(listed))"
        return "\(what), but this version syncs only one unnamed cluster: remove \"name\" (write proxmox as one object) "
            + "until named clusters are supported; see docs/clusters.md"
    }
}

extension ProxGuacConfig {
    /// The one cluster this version reads; throws ``ClusterSupportError`` (exit 2) for named or several clusters.
    public func syncableCluster() throws(ClusterSupportError) -> ProxmoxSettings {
        guard clusters.count == 1, clusters[0].name == nil else {
            throw ClusterSupportError(names: clusters.map { $0.name?.text ?? "(unnamed)" })
        }
        return clusters[0]
    }
}
