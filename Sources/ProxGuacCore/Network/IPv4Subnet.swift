/// An IPv4 subnet in CIDR form (`198.51.100.0/24`). Host bits given in the text are cleared,
/// so `198.51.100.7/24` names the same subnet.
public struct IPv4Subnet: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let network: IPv4Address
    public let prefixLength: Int

    public init(containing address: IPv4Address, prefixLength: Int) {
        let length = min(max(prefixLength, 0), 32)
        self.prefixLength = length
        self.network = IPv4Address(address.value & IPv4Subnet.mask(length))
    }

    public init(_ text: String) throws(NetworkValueError) {
        guard let subnet = IPv4Subnet(parsing: text) else { throw .invalidCIDR(text) }
        self = subnet
    }

    public init?(parsing text: String) {
        let parts = NetworkText.trimmed(text).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parsing: parts[0]),
              let prefix = NetworkText.decimal(parts[1], maxDigits: 2), prefix <= 32
        else { return nil }
        self.init(containing: address, prefixLength: prefix)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public var netmask: IPv4Address { IPv4Address(IPv4Subnet.mask(prefixLength)) }

    public var broadcast: IPv4Address { IPv4Address(network.value | ~IPv4Subnet.mask(prefixLength)) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & IPv4Subnet.mask(prefixLength) == network.value
    }

    /// `other` lies wholly inside this subnet.
    public func covers(_ other: IPv4Subnet) -> Bool {
        prefixLength <= other.prefixLength && contains(other.network)
    }

    /// The addresses a host can have: without the network and broadcast address, except in a /31 or /32.
    public var hosts: ClosedRange<UInt32> {
        prefixLength >= 31 ? network.value...broadcast.value : (network.value + 1)...(broadcast.value - 1)
    }

    public var hostCount: Int { hosts.count }

    public static func < (lhs: IPv4Subnet, rhs: IPv4Subnet) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let subnet = IPv4Subnet(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: NetworkValueError.invalidCIDR(text).description))
        }
        self = subnet
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}
