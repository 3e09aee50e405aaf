import Glibc
import ProxGuacCore

/// The IP address inside a C `sockaddr` (IPv4 or IPv6); nil for other families.
enum SocketAddress {
    static func ipAddress(_ address: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let value = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            return .v4(IPv4Address(UInt32(bigEndian: value)))
        case AF_INET6:
            let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
            }
            return IPv6Address(bytes: bytes).map { .v6($0) }
        default:
            return nil
        }
    }
}
