/// Which guest: enough to address it in the Proxmox API.
public struct GuestReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case qemu, lxc
    }

    public var node: String
    public var vmid: Int
    public var kind: Kind

    public init(node: String, vmid: Int, kind: Kind) {
        self.node = node
        self.vmid = vmid
        self.kind = kind
    }

    /// `qemu 100 on pve1`.
    public var description: String { "\(kind.rawValue) \(vmid) on \(node)" }
}
