/// `network.*`: how proxguac finds guest addresses when the guest agent does not report one.
public struct NetworkSettings: Sendable, Equatable {
    public static let defaultSweepRate = 200
    public static let defaultSweepTimeoutMs = 1000
    /// Probes per run, all subnets and re-probes together; also capped under the kernel's neighbour limits.
    public static let defaultMaxProbes = 256
    /// Seconds a remembered sweep result stands in for a new sweep (1 h).
    public static let defaultSweepIntervalSeconds = 3600

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
    /// `network.prefer`: which family wins when a guest has both (default IPv4; IPv6 implies `ipv6`).
    public var preferIPv6: Bool = false
    /// `network.maxProbes`: one probe budget per run for every subnet and re-probe together (default 256).
    public var maxProbes: Int = Self.defaultMaxProbes
    /// `network.sweepInterval` in seconds: how long a remembered sweep result replaces a new sweep (default 3600).
    public var sweepIntervalSeconds: Int = Self.defaultSweepIntervalSeconds
    /// Start stopped guests to learn their address (default false).
    public var startStoppedForDiscovery: Bool
    public var wol: WakeOnLANTarget
    /// `network.allowedTargets`: where connections may point; nil means the default rule (see ``TargetPolicy``).
    public var allowedTargets: [AddressBlock]?

    public init(
        sweepSubnets: [SweepTarget] = [], sweepRate: Int = Self.defaultSweepRate, sweepTimeoutMs: Int = Self.defaultSweepTimeoutMs,
        allowLargeSweep: Bool = false, ipv6: Bool = false, startStoppedForDiscovery: Bool = false, wol: WakeOnLANTarget = .init()
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
public struct WakeOnLANTarget: Sendable, Equatable {
    public static let defaultBroadcast = "255.255.255.255"
    public static let defaultPort = 9

    /// IPv4 broadcast address (default 255.255.255.255).
    public var broadcast: IPv4Address
    /// UDP port (default 9).
    public var port: Int
    /// `network.wol.startViaAPI`: `wake` starts a stopped Proxmox VM through the API (default false).
    public var startViaAPI: Bool = false

    public init(broadcast: IPv4Address = IPv4Address(0xFFFF_FFFF), port: Int = Self.defaultPort) {
        self.broadcast = broadcast
        self.port = port
    }
}

/// One entry of `network.sweepSubnets`.
public enum SweepTarget: Sendable, Hashable, CustomStringConvertible {
    /// The subnets of the machine's own interfaces.
    case auto
    case subnet(IPv4Subnet)
    /// A subnet that is not on-link, swept on purpose (`{"subnet": "…", "routed": true}`).
    case routed(IPv4Subnet)

    public var description: String {
        switch self {
        case .auto: "auto"
        case .subnet(let cidr): cidr.description
        case .routed(let cidr): "\(cidr) (routed)"
        }
    }
}
