/// How far this version goes with several clusters (issue 20): `auto` and `list` sync every configured cluster;
/// the commands that act on guests by VM id (`add`, `delete`, `adopt`, `ui`, `rekey`, `encrypt-notes`, `wake`,
/// `test-network`) handle the single unnamed cluster only, until VM ids may name their cluster (`lab/101`).
/// They go through ``ProxGuacConfig/syncableCluster(for:)`` so a list of clusters is refused in one line
/// instead of acting on the first cluster's guest of that VM id.
public struct ClusterSupportError: UserFacingError, Sendable, Equatable {
    public let names: [String]
    public let command: String

    public init(names: [String], command: String) {
        self.names = names
        self.command = command
    }

    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        let listed = names.map { "\"\($0)\"" }.joined(separator: ", ")
        let what = names.count == 1 ? "proxmox names its cluster \(listed)" : "proxmox lists \(names.count) clusters (\(listed))"
        return "\(what), but `\(command)` handles only one unnamed cluster in this version (`auto` and `list` sync named "
            + "clusters): use `auto`, or a config with proxmox as one object without \"name\"; see docs/clusters.md"
    }
}

extension ProxGuacConfig {
    /// The one cluster `command` handles; throws ``ClusterSupportError`` (exit 2) for named or several clusters.
    public func syncableCluster(for command: String) throws(ClusterSupportError) -> ProxmoxSettings {
        guard clusters.count == 1, clusters[0].name == nil else {
            throw ClusterSupportError(names: clusters.map { $0.name?.text ?? "(unnamed)" }, command: command)
        }
        return clusters[0]
    }
}

extension ProxGuacConfig {
    /// Whether a named cluster's guests go under a group named after the cluster, right under the root group
    /// (`sync.groupPerCluster`; default: on when several clusters are configured). Never for the unnamed cluster.
    public var groupsPerCluster: Bool { sync.groupPerCluster ?? (clusters.count > 1) }
}
