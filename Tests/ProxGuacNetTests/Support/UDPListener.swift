import Glibc
import ProxGuacCore
import ProxGuacNet

/// A UDP socket bound to 0.0.0.0:`port` (broadcasts included), opened in whatever namespace the calling
/// thread is in: open it through `BlockingExecutor.run`.
final class UDPListener: Sendable {
    let descriptor: Int32

    init(port: UInt16) throws(NetworkIOError) {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .systemCall("socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw .systemCall("bind UDP \(port)", code: code)
        }
    }

    deinit {
        close(descriptor)
    }

    /// The first datagram within `timeout` (bounded wait), or `nil`.
    func receive(timeout: Duration) -> [UInt8]? {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(timeout / .milliseconds(1))) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? Array(buffer[..<count]) : nil
    }
}
