internal import CProxGuacCrypto
import Glibc

/// A byte stream to one client: plain TCP or TLS over the same socket.
protocol Transport: AnyObject {
    var fd: Int32 { get }
    /// Reads up to `count` bytes; returns 0 at end of stream, negative on error.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int
    /// Writes all bytes; returns false when the peer is gone.
    func writeAll(_ bytes: [UInt8]) -> Bool
    func close()
}

final class PlainTransport: Transport {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        Glibc.recv(fd, buffer, count, 0)
    }

    func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    func close() { _ = Glibc.close(fd) }
}

final class TLSTransport: Transport {
    let fd: Int32
    private let ssl: OpaquePointer

    /// Runs the server handshake; nil when the client does not complete it.
    init?(fd: Int32, identity: TLSIdentity) {
        guard let ssl = SSL_new(identity.context) else { return nil }
        self.fd = fd
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        if SSL_accept(ssl) != 1 {
            SSL_free(ssl)
            return nil
        }
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        Int(SSL_read(ssl, buffer, Int32(min(count, Int(Int32.max)))))
    }

    func writeAll(_ bytes: [UInt8]) -> Bool {
        if bytes.isEmpty { return true }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                SSL_write(ssl, raw.baseAddress! + offset, Int32(bytes.count - offset))
            }
            if sent <= 0 { return false }
            offset += Int(sent)
        }
        return true
    }

    func close() {
        SSL_shutdown(ssl)
        SSL_free(ssl)
        _ = Glibc.close(fd)
    }
}
