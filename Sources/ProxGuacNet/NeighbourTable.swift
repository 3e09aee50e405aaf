import Glibc
import ProxGuacCore

/// The machine's ARP table, read from `/proc`.
///
/// `/proc/thread-self/net/arp` is the table of the namespace the reading thread is in (plain
/// `/proc/net/arp` follows the main thread); older kernels without `thread-self` fall back to it.
enum NeighbourTable {
    static let paths = ["/proc/thread-self/net/arp", "/proc/net/arp"]

    /// Blocking: call on a `BlockingExecutor` thread.
    static func read() throws(NetworkIOError) -> [NeighbourEntry] {
        var lastError = NetworkIOError.systemCall("open /proc/net/arp", code: ENOENT)
        for path in paths {
            do {
                return ProcNetARP.parse(try readWholeFile(path))
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Reads until end of file (files in `/proc` report a size of 0, so the size cannot be trusted).
    static func readWholeFile(_ path: String) throws(NetworkIOError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .lastError("open \(path)") }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .lastError("read \(path)") }
            if count == 0 { break }
            content += chunk[..<count]
        }
        return String(decoding: content, as: UTF8.self)
    }
}
