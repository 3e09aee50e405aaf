/// An IPv4 or IPv6 address.
public enum IPAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses either family (IPv4 first). A `%zone` suffix on IPv6 is dropped.
    public init(_ text: String) throws(NetworkValueError) {
        let trimmed = Substring(NetworkText.trimmed(text))
        if let v4 = IPv4Address(parsing: trimmed) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(parsing: trimmed) {
            self = .v6(v6)
        } else {
            throw .invalidIPAddress(text)
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as the IPv4 address it is; anything else unchanged.
    public var unmapped: IPAddress {
        if case .v6(let address) = self, let v4 = address.ipv4Mapped { return .v4(v4) }
        return self
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// An address worth handing to Guacamole: not loopback, link-local, unspecified or multicast.
    public var isUsableForGuests: Bool {
        switch self {
        case .v4(let a): return !(a.isLoopback || a.isLinkLocal || a.isUnspecified || a.isMulticastOrBroadcast)
        case .v6(let a): return !(a.isLoopback || a.isLinkLocal || a.isUnspecified || a.isMulticast)
        }
    }

    /// IPv4 sorts before IPv6.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try IPAddress(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An address with its prefix length, as interfaces and static configs carry it (`198.51.100.7/24`).
public struct PrefixedAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// `ADDRESS/PREFIX`; the prefix must fit the family (0-32 or 0-128).
    public init?(parsing text: String) {
        let parts = NetworkText.trimmed(text).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = try? IPAddress(String(parts[0])),
              let prefix = NetworkText.decimal(parts[1], maxDigits: 3), prefix <= (address.isIPv4 ? 32 : 128)
        else { return nil }
        self.init(address: address, prefixLength: prefix)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
