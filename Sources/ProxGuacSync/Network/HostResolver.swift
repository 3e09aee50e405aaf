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
            guard let socketAddress = entry.ai_addr else { continue }
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                let value = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                result.append(.v4(IPv4Address(UInt32(bigEndian: value))))
            case AF_INET6:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                if let v6 = IPv6Address(bytes: bytes) { result.append(.v6(v6)) }
            default:
                continue
            }
        }
        return Array(Set(result)).sorted()
    }
}
