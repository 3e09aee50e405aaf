import Glibc
import ProxGuacCore

/// Resolves a note's `host:` name at sync time (`getaddrinfo`), so every address it stands for can be
/// checked against `network.allowedTargets`. Blocking; only called with `sync.notes.allowHostNames`.
enum HostResolver {
    /// Every IPv4 and IPv6 address of `name`; empty when it does not resolve.
    static func addresses(_ name: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: [IPAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            cursor = entry.ai_next
            if let address = entry.ai_addr, let ip = SocketAddress.ipAddress(address) { result.append(ip) }
        }
        return Array(Set(result)).sorted()
    }
}
