/// The `network.*` settings that drive address discovery and Wake-on-LAN, with the documented defaults.
public struct NetworkDiscoveryOptions: Sendable, Hashable {
    /// `network.sweepSubnets`: empty (the default) never sweeps.
    public var sweepSubnets: [SweepSubnetSpec]
    /// `network.sweepRate`: probes per second.
    public var sweepRate: Int
    /// `network.sweepTimeoutMs`: how long to wait for replies after the last probe.
    public var sweepTimeout: Duration
    /// `network.allowLargeSweep` / `--allow-large`: sweep subnets larger than /22.
    public var allowLargeSweep: Bool
    /// `network.ipv6`: accept IPv6 addresses when no IPv4 is found.
    public var allowIPv6: Bool
    /// `network.startStoppedForDiscovery`: start a stopped guest to learn its address, then stop it again.
    public var startStoppedForDiscovery: Bool
    /// `network.wol.broadcast`.
    public var wakeBroadcast: IPv4Address
    /// `network.wol.port`.
    public var wakePort: UInt16

    public static let defaultSweepRate = 200
    public static let defaultSweepTimeout = Duration.milliseconds(1000)
    public static let defaultWakeBroadcast = IPv4Address(255, 255, 255, 255)
    public static let defaultWakePort: UInt16 = 9

    public init(
        sweepSubnets: [SweepSubnetSpec] = [],
        sweepRate: Int = NetworkDiscoveryOptions.defaultSweepRate,
        sweepTimeout: Duration = NetworkDiscoveryOptions.defaultSweepTimeout,
        allowLargeSweep: Bool = false,
        allowIPv6: Bool = false,
        startStoppedForDiscovery: Bool = false,
        wakeBroadcast: IPv4Address = NetworkDiscoveryOptions.defaultWakeBroadcast,
        wakePort: UInt16 = NetworkDiscoveryOptions.defaultWakePort
    ) {
        self.sweepSubnets = sweepSubnets
        self.sweepRate = sweepRate
        self.sweepTimeout = sweepTimeout
        self.allowLargeSweep = allowLargeSweep
        self.allowIPv6 = allowIPv6
        self.startStoppedForDiscovery = startStoppedForDiscovery
        self.wakeBroadcast = wakeBroadcast
        self.wakePort = wakePort
    }

    public var selection: AddressSelection { AddressSelection(allowIPv6: allowIPv6) }
}
