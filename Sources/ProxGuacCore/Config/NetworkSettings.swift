/// `network.*`: how proxguac finds guest addresses when the guest agent does not report one.
public struct NetworkSettings: Sendable, Equatable {
    public static let defaultSweepRate = 200
    public static let defaultSweepTimeoutMs = 1000
    /// Subnets with more addresses than this are refused unless `network.allowLargeSweep` is true.
    public static let largeSweepAddressCount = 4096

    /// Subnets to sweep (ARP/ping) for guest MAC addresses; empty (default) means no sweep.
    public var sweepSubnets: [SweepTarget]
    /// Packets per second during a sweep (default 200).
    public var sweepRate: Int
    /// How long to wait for answers after the last packet (default 1000 ms).
    public var sweepTimeoutMs: Int
    /// Allow sweeping subnets larger than ``largeSweepAddressCount`` addresses (default false).
    public var allowLargeSweep: Bool
    /// Also use IPv6 addresses (default false).
    public var ipv6: Bool
    /// Start stopped guests to learn their address (default false).
    public var startStoppedForDiscovery: Bool
    public var wol: WakeOnLANSettings

    public init(
        sweepSubnets: [SweepTarget] = [], sweepRate: Int = Self.defaultSweepRate, sweepTimeoutMs: Int = Self.defaultSweepTimeoutMs,
        allowLargeSweep: Bool = false, ipv6: Bool = false, startStoppedForDiscovery: Bool = false, wol: WakeOnLANSettings = .init()
    ) {
        self.sweepSubnets = sweepSubnets
        self.sweepRate = sweepRate
        self.sweepTimeoutMs = sweepTimeoutMs
        self.allowLargeSweep = allowLargeSweep
        self.ipv6 = ipv6
        self.startStoppedForDiscovery = startStoppedForDiscovery
        self.wol = wol
    }
}

/// `network.wol`: where Wake-on-LAN magic packets go.
public struct WakeOnLANSettings: Sendable, Equatable {
    public static let defaultBroadcast = "255.255.255.255"
    public static let defaultPort = 9

    /// IPv4 broadcast address (default 255.255.255.255).
    public var broadcast: IPv4Address
    /// UDP port (default 9).
    public var port: Int

    public init(broadcast: IPv4Address = IPv4Address(0xFFFF_FFFF), port: Int = Self.defaultPort) {
        self.broadcast = broadcast
        self.port = port
    }
}

/// One entry of `network.sweepSubnets`.
public enum SweepTarget: Sendable, Hashable, CustomStringConvertible {
    /// The subnets of the machine's own interfaces.
    case auto
    case subnet(IPv4CIDR)

    public var description: String {
        switch self {
        case .auto: "auto"
        case .subnet(let cidr): cidr.description
        }
    }
}

/// An IPv4 address in host byte order.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted decimal (`203.0.113.7`); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let octet = UInt8(part),
                  part.count == 1 || part.first != "0"
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    public var description: String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 network in CIDR notation (`203.0.113.0/24`). Host bits are cleared when parsing.
public struct IPv4CIDR: Sendable, Hashable, CustomStringConvertible {
    public let network: IPv4Address
    public let prefixLength: Int

    public init(network: IPv4Address, prefixLength: Int) {
        self.prefixLength = max(0, min(32, prefixLength))
        self.network = IPv4Address(network.value & Self.mask(self.prefixLength))
    }

    /// Parses `a.b.c.d/n` with n in 0...32; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
              parts[1].allSatisfy(\.isASCII), let prefix = Int(parts[1]), (0...32).contains(prefix)
        else { return nil }
        self.init(network: address, prefixLength: prefix)
    }

    /// How many addresses the network spans (including network and broadcast addresses).
    public var addressCount: Int { 1 << (32 - prefixLength) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }
}
