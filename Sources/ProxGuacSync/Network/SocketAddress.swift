import Glibc
import ProxGuacCore

/// The IP address inside a C `sockaddr` (IPv4 or IPv6); nil for other families.
enum SocketAddress {
    static func ipAddress(_ address: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            // Loaded as bytes: the structure behind a `sockaddr` pointer is larger than `sockaddr` itself.
            let socket = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
            return .v4(IPv4Address(UInt32(bigEndian: socket.sin_addr.s_addr)))
        case AF_INET6:
            let socket = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
            return IPv6Address(bytes: withUnsafeBytes(of: socket.sin6_addr) { Array($0) }).map { .v6($0) }
        default:
            return nil
        }
    }
}
