/// Where an encrypted password belongs: a guest (its cluster, for a named cluster, and vmid) and the entry's user
/// (see docs/encryption.md, bound values).
public struct CredentialPlace: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The configured cluster's name; nil for the single unnamed cluster.
    public var cluster: ClusterName?
    public var vmid: Int
    public var user: String

    public init(cluster: ClusterName? = nil, vmid: Int, user: String) {
        self.cluster = cluster
        self.vmid = vmid
        self.user = user
    }

    /// The guest as `lab/101` (or `101`).
    public var guest: GuestKey { GuestKey(cluster: cluster, vmid: vmid) }

    public var description: String { "guest \(guest) user \(TerminalText.escaped(user))" }

    public static func < (lhs: CredentialPlace, rhs: CredentialPlace) -> Bool {
        (lhs.guest, lhs.user) < (rhs.guest, rhs.user)
    }
}
