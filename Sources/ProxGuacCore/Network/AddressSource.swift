/// Where a guest's address came from, in the order the chain tries them. The raw value is what
/// `list --verbose` and `test-network` show.
public enum AddressSource: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Pinned in the notes (`host:"…"`); the chain is skipped.
    case notes
    /// QEMU guest agent `network-get-interfaces`.
    case agent
    /// LXC `GET …/interfaces` (PVE ≥ 8.1).
    case lxcInterfaces = "lxc-interfaces"
    /// A static `ip=` in LXC `netN` or QEMU cloud-init `ipconfigN`.
    case staticConfig = "static-config"
    /// The machine's ARP/neighbour table, by MAC.
    case neighbourTable = "arp"
    /// An ICMP sweep of the configured subnets, then the neighbour table again.
    case sweep

    public var description: String { rawValue }
}

/// A guest's address and where it came from. `host` is what goes into Guacamole's `hostname`: an IP
/// address, or whatever name was pinned in the notes.
public struct ResolvedAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    public var source: AddressSource

    public init(host: String, source: AddressSource) {
        self.host = host
        self.source = source
    }

    public init(_ address: IPAddress, source: AddressSource) {
        self.init(host: address.description, source: source)
    }

    public var description: String { "\(host) (\(source))" }
}
