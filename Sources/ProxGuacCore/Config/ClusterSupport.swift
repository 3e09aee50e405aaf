/// How far this version goes with several clusters (issue 20): every command handles every configured cluster
/// except the menus' Encrypt and new-entry screens, which handle the single unnamed cluster only. They go through
/// ``ProxGuacConfig/syncableCluster(for:)`` so a list of clusters is refused in one line instead of acting on the
/// first cluster's guest of that VM id.
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

/// A guest named for a command that reads one guest (`wake lab/101`) whose cluster is not clear.
public struct ClusterChoiceError: UserFacingError, Sendable, Equatable {
    public let message: String
    public var exitCode: Int32 { ExitStatus.usage }
    public var description: String { message }
}

extension ProxGuacConfig {
    /// The cluster holding `guest`: its named cluster, or the only one for a plain VM id.
    /// - Throws: ``ClusterChoiceError`` (exit 2) for an unknown name, or a plain VM id with several clusters.
    public func cluster(of guest: GuestKey) throws(ClusterChoiceError) -> ProxmoxSettings {
        let names = clusters.compactMap { $0.name?.text }
        guard let name = guest.cluster else {
            guard clusters.count == 1 else {
                throw ClusterChoiceError(message: "guest \(guest.vmid): proxmox lists \(clusters.count) clusters, name the cluster too, e.g. \(names[0])/\(guest.vmid)")
            }
            return clusters[0]
        }
        guard let cluster = clusters.first(where: { $0.name == name }) else {
            let known = names.isEmpty ? "the config's cluster has no name: write the VM id alone" : "configured: \(names.joined(separator: ", "))"
            throw ClusterChoiceError(message: "guest \(guest): there is no cluster named \"\(name.text)\" (\(known))")
        }
        return cluster
    }
}
