import Glibc
import ProxGuacCore

/// One IPv4 address configured on this machine.
public struct LocalIPv4Address: Sendable, Hashable {
    public var interface: String
    public var address: IPv4Address
    public var prefixLength: Int
    public var isUp: Bool
    public var isLoopback: Bool

    public var subnet: IPv4Subnet { IPv4Subnet(containing: address, prefixLength: prefixLength) }
}

/// The machine's IPv4 addresses (`getifaddrs`), in the namespace of the calling thread.
enum LocalInterfaces {
    /// Blocking: call on a `BlockingExecutor` thread.
    static func ipv4Addresses() throws(NetworkIOError) -> [LocalIPv4Address] {
        var list: UnsafeMutablePointer<ifaddrs>? = nil
        guard getifaddrs(&list) == 0 else { throw .lastError("getifaddrs") }
        defer { freeifaddrs(list) }
        var result: [LocalIPv4Address] = []
        var cursor = list
        while let entry = cursor?.pointee {
            cursor = entry.ifa_next
            guard let address = entry.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  let netmask = entry.ifa_netmask
            else { continue }
            let host = ipv4(address)
            result.append(LocalIPv4Address(
                interface: String(cString: entry.ifa_name),
                address: host,
                prefixLength: ipv4(netmask).value.nonzeroBitCount,
                isUp: entry.ifa_flags & UInt32(IFF_UP) != 0,
                isLoopback: entry.ifa_flags & UInt32(IFF_LOOPBACK) != 0
            ))
        }
        return result
    }

    /// Subnets directly reachable from an interface that is up and not loopback (what `auto` sweeps).
    static func onLinkSubnets(_ addresses: [LocalIPv4Address]) -> [(subnet: IPv4Subnet, interface: String)] {
        var result: [(subnet: IPv4Subnet, interface: String)] = []
        for local in addresses where local.isUp && !local.isLoopback && local.prefixLength < 32 {
            if !result.contains(where: { $0.subnet == local.subnet }) {
                result.append((local.subnet, local.interface))
            }
        }
        return result
    }

    private static func ipv4(_ address: UnsafeMutablePointer<sockaddr>) -> IPv4Address {
        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)) }
    }
}
