/// What proxguac knows about one Proxmox guest after reading the cluster: the inputs of the
/// desired-connection builder and of `list`.
public struct GuestFacts: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable { case qemu, lxc }

    /// The configured name of the guest's cluster (nil: the single unnamed cluster); part of its identity.
    public var cluster: ClusterName? = nil
    public var vmid: Int
    public var name: String
    public var node: String
    public var kind: Kind
    /// `running`, `stopped`, `paused`, ... or `unknown` (node unreachable).
    public var status: String
    public var isTemplate: Bool
    public var tags: [String]
    public var pool: String?
    /// A host name other than `name` for `{hostname}`; nothing fills it today (the guest agent's
    /// `get-host-name` is not read), so `{hostname}` is the guest's name, as docs/notes-syntax.md says.
    public var hostname: String?
    /// MAC address per network interface index (`net0` -> 0).
    public var macAddresses: [Int: String]
    /// The resolved IPv4 (or IPv6, when allowed) address and where it came from (`agent`, `lxc`, `static`, `arp`, `sweep`).
    public var address: String?
    public var addressSource: String?

    public init(vmid: Int, name: String, node: String, kind: Kind, status: String, isTemplate: Bool = false,
                tags: [String] = [], pool: String? = nil, hostname: String? = nil,
                macAddresses: [Int: String] = [:], address: String? = nil, addressSource: String? = nil) {
        self.vmid = vmid
        self.name = name
        self.node = node
        self.kind = kind
        self.status = status
        self.isTemplate = isTemplate
        self.tags = tags
        self.pool = pool
        self.hostname = hostname
        self.macAddresses = macAddresses
        self.address = address
        self.addressSource = addressSource
    }

    /// The guest across clusters (`lab/101`, or `101` for the unnamed cluster).
    public var key: GuestKey { GuestKey(cluster: cluster, vmid: vmid) }

    /// The MAC of `net0` (the interface entries use), if any.
    public var primaryMAC: String? { macAddresses[0] ?? macAddresses.sorted { $0.key < $1.key }.first?.value }
}
