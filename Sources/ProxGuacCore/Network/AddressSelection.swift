/// Which address of a guest to use, given what one step of the chain found. Pure rules:
///
/// - Loopback, link-local (169.254/16, fe80::/10), unspecified and multicast addresses never count.
/// - An IPv4-mapped IPv6 address (`::ffff:198.51.100.77`) is the IPv4 address it carries.
/// - IPv4 is preferred; IPv6 is used only when `allowIPv6` (config `network.ipv6`) and no IPv4 was found.
///   With `preferIPv6` (config `network.prefer: "ipv6"`, which implies `network.ipv6`) the order flips.
/// - Interfaces: when the guest's MAC is known and an interface has it, only that interface counts (a
///   docker bridge inside the guest is not reachable from outside). Otherwise every interface counts
///   except well-known internal ones (`lo`, `docker*`, `br-*`, `veth*`, `virbr*`, `cni*`, ...).
public struct AddressSelection: Sendable, Hashable {
    public var allowIPv6: Bool
    /// IPv6 before IPv4 (`network.prefer: "ipv6"`).
    public var preferIPv6: Bool

    public init(allowIPv6: Bool, preferIPv6: Bool = false) {
        self.allowIPv6 = allowIPv6 || preferIPv6
        self.preferIPv6 = preferIPv6
    }

    /// The family the rules look for, for "no usable … address" reasons: `IPv4`, `IPv4 or IPv6`.
    public var wantedFamilies: String {
        guard allowIPv6 else { return "IPv4" }
        return preferIPv6 ? "IPv6 or IPv4" : "IPv4 or IPv6"
    }

    /// Interface names that are internal to the guest (container or VM bridges, tunnels' peers, loopback).
    public static let internalInterfacePrefixes = [
        "lo", "docker", "br-", "veth", "virbr", "cni", "flannel", "cali", "kube", "podman", "lxcbr", "lxdbr", "vEthernet",
    ]

    /// The best address from a list, or `nil`.
    public func best(of addresses: [IPAddress]) -> IPAddress? {
        let usable = addresses.map(\.unmapped).filter(\.isUsableForGuests)
        let v4 = usable.first(where: \.isIPv4)
        guard allowIPv6 else { return v4 }
        let v6 = usable.first { !$0.isIPv4 }
        return preferIPv6 ? (v6 ?? v4) : (v4 ?? v6)
    }

    /// From interfaces reported by the guest agent or the LXC `interfaces` call.
    public func best(from interfaces: [GuestInterface], mac: MACAddress?) -> IPAddress? {
        let matching = mac.map { mac in interfaces.filter { $0.mac == mac } } ?? []
        let candidates = matching.isEmpty
            ? interfaces.filter { interface in !AddressSelection.internalInterfacePrefixes.contains { interface.name.hasPrefix($0) } }
            : matching
        return best(of: candidates.flatMap { $0.addresses.map(\.address) })
    }

    /// A static address from the config device.
    public func best(from device: GuestNetworkConfig.Device) -> IPAddress? {
        best(of: [device.staticIPv4, device.staticIPv6].compactMap { $0?.address })
    }

    /// From the machine's neighbour table, by MAC: confirmed entries only, the most recently confirmed
    /// first (``NeighbourRanking``).
    public func best(from neighbours: [NeighbourEntry], mac: MACAddress) -> IPAddress? {
        best(of: NeighbourRanking.current(neighbours, mac: mac).map(\.address))
    }
}
