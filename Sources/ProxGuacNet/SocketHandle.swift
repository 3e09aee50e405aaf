import Glibc
import ProxGuacCore

/// An open socket that closes itself. The descriptor never changes, so it may be used from any thread.
final class SocketHandle: Sendable {
    let descriptor: Int32

    /// Opens `socket(domain, type | SOCK_CLOEXEC, proto)`; returns errno on failure so callers can decide.
    static func open(domain: Int32, type: Int32, protocol proto: Int32) -> Result<SocketHandle, Errno32> {
        let descriptor = socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), proto)
        guard descriptor >= 0 else { return .failure(Errno32(code: errno)) }
        return .success(SocketHandle(descriptor: descriptor))
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32, call: String) throws(NetworkIOError) {
        var value = value
        guard setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw .lastError(call)
        }
    }

    func setNonBlocking() throws(NetworkIOError) {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else { throw .lastError("fcntl(O_NONBLOCK)") }
    }

    /// `sendto` an IPv4 address; returns errno on failure.
    func send(_ bytes: [UInt8], to address: IPv4Address, port: UInt16 = 0) -> Int32? {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        target.sin_addr.s_addr = address.value.bigEndian
        let sent = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        return sent == bytes.count ? nil : (sent < 0 ? errno : EMSGSIZE)
    }

    /// One datagram and the IPv4 address it came from; `nil` when none is waiting (non-blocking socket).
    func receive(maximumSize: Int = 2048) throws(NetworkIOError) -> (bytes: [UInt8], from: IPv4Address)? {
        var buffer = [UInt8](repeating: 0, count: maximumSize)
        var source = sockaddr_in()
        var sourceLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let received = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &source) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &sourceLength) }
            }
        }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
            throw .lastError("recvfrom")
        }
        return (Array(buffer[..<received]), IPv4Address(UInt32(bigEndian: source.sin_addr.s_addr)))
    }

    /// Waits up to `timeout` for the socket to become readable (and writable when asked).
    @discardableResult
    func wait(readable: Bool = true, writable: Bool = false, timeout: Duration) -> Bool {
        var events: Int16 = 0
        if readable { events |= Int16(POLLIN) }
        if writable { events |= Int16(POLLOUT) }
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let milliseconds = Int32(clamping: max(0, Int64((timeout / .milliseconds(1)).rounded(.up))))
        return poll(&entry, 1, milliseconds) > 0
    }
}

/// An errno value carried in a `Result`.
struct Errno32: Error {
    let code: Int32
}
