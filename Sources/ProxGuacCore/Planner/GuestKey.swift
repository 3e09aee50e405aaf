/// One Proxmox guest across clusters: the cluster's configured name (nil for the single unnamed cluster) and
/// the vmid, unique within its cluster only. Shown as `lab/101`, or `101` for the unnamed cluster; the same text
/// is what `--vmid` selectors accept.
public struct GuestKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let cluster: ClusterName?
    public let vmid: Int

    public init(cluster: ClusterName? = nil, vmid: Int) {
        self.cluster = cluster
        self.vmid = vmid
    }

    /// `lab/101` or `101`; nil when the text is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let vmid = Int(parts[parts.count - 1]), vmid > 0, String(vmid) == parts[parts.count - 1] else { return nil }
        if parts.count == 2 {
            guard let cluster = ClusterName(String(parts[0])) else { return nil }
            self.init(cluster: cluster, vmid: vmid)
        } else {
            self.init(vmid: vmid)
        }
    }

    public var description: String { cluster.map { "\($0.text)/\(vmid)" } ?? String(vmid) }

    /// The unnamed cluster first, then by cluster name, then by vmid.
    public static func < (lhs: GuestKey, rhs: GuestKey) -> Bool {
        switch (lhs.cluster, rhs.cluster) {
        case (nil, .some): true
        case (.some, nil): false
        case (let a?, let b?) where a != b: a < b
        default: lhs.vmid < rhs.vmid
        }
    }
}

extension GuestKey: ExpressibleByIntegerLiteral {
    /// A plain vmid: the guest of the single unnamed cluster (`[101, 102]` where guests are listed).
    public init(integerLiteral vmid: Int) {
        self.init(vmid: vmid)
    }
}
