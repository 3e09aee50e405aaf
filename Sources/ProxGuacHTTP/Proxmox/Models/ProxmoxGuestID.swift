/// QEMU virtual machine or LXC container.
public enum ProxmoxGuestType: String, Sendable, Hashable, Codable, CaseIterable {
    case qemu, lxc
}

/// Where a guest lives: every per-guest call is routed to its node (`/nodes/{node}/{type}/{vmid}`).
public struct ProxmoxGuestID: Sendable, Hashable, CustomStringConvertible {
    public let node: String
    public let type: ProxmoxGuestType
    public let vmid: Int

    public init(node: String, type: ProxmoxGuestType, vmid: Int) {
        self.node = node
        self.type = type
        self.vmid = vmid
    }

    public var description: String { "\(type == .qemu ? "VM" : "CT") \(vmid) on \(node)" }
}
