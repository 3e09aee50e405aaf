import Glibc
import ProxGuacCore

/// This host's own IPv4 and IPv6 addresses (`getifaddrs`): the default `network.allowedTargets` rule
/// refuses them, since guacd often runs here and a connection to them would be a pivot.
enum OwnAddresses {
    static func all() -> Set<IPAddress> {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var result: Set<IPAddress> = []
        var cursor = list
        while let entry = cursor?.pointee {
            cursor = entry.ifa_next
            if let address = entry.ifa_addr, let ip = SocketAddress.ipAddress(address) { result.insert(ip) }
        }
        return result
    }
}
