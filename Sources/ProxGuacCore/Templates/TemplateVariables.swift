/// The values a connection-name template is rendered with, for one guest and one protocol.
public struct TemplateVariables: Sendable, Hashable {
    /// The guest's name in Proxmox.
    public var vmname: String
    public var user: String
    public var proto: GuestProtocol
    public var port: Int
    public var vmid: Int
    public var node: String
    /// The resolved address (empty when unknown).
    public var ip: String
    /// ``GuestFacts/hostname`` when set, else the VM name (today always the VM name).
    public var hostname: String
    /// Proxmox tags, rendered joined by `,`.
    public var tags: [String]
    /// The resource pool (empty when none).
    public var pool: String

    public init(
        vmname: String, user: String, proto: GuestProtocol, port: Int, vmid: Int, node: String,
        ip: String = "", hostname: String? = nil, tags: [String] = [], pool: String = ""
    ) {
        self.vmname = vmname
        self.user = user
        self.proto = proto
        self.port = port
        self.vmid = vmid
        self.node = node
        self.ip = ip
        self.hostname = hostname ?? vmname
        self.tags = tags
        self.pool = pool
    }

    /// The text a variable stands for.
    public func value(of variable: TemplateVariable) -> String {
        switch variable {
        case .vmname: vmname
        case .user: user
        case .proto: proto.rawValue
        case .port: String(port)
        case .vmid: String(vmid)
        case .node: node
        case .ip: ip
        case .hostname: hostname
        case .tags: tags.joined(separator: ",")
        case .pool: pool
        }
    }
}
