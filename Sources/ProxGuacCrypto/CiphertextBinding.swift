/// What a `v2` encrypted password is bound to, as AES-GCM associated data: the guest (vmid) and the
/// entry's user, plus the admin-chosen cluster name once the config names clusters (several-clusters
/// issue; nil until then, which binds the empty name). Never a node name or anything read from Proxmox
/// that changes when nodes join or guests migrate.
public struct CiphertextBinding: Sendable, Hashable {
    public var vmid: Int
    public var user: String
    /// Hook for the config's cluster name (not set anywhere yet).
    public var cluster: String?

    public init(vmid: Int, user: String, cluster: String? = nil) {
        self.vmid = vmid
        self.user = user
        self.cluster = cluster
    }

    /// The associated data: `v2:<keyid>:<vmid>` NUL `user` NUL `cluster` (UTF-8). The NULs keep the parts
    /// apart (a user name cannot hold NUL: notes values are text).
    func associatedData(keyID: String) -> [UInt8] {
        Array("\(VersionedToken.boundVersion):\(keyID):\(vmid)".utf8) + [0] + Array(user.utf8) + [0] + Array((cluster ?? "").utf8)
    }
}
