import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One proxguac run at a time per state directory: an exclusive `flock` on `<stateDir>/lock`.
///
/// The kernel drops the lock when the process dies (even on SIGKILL), so a crashed run never blocks the next.
/// The file holds the holder's pid and start time, so a refused run can name it.
public final class RunLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32

    /// Raised when another process holds the lock (exit code 4).
    public struct Held: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let holder: String
        public var description: String {
            "another proxguac run holds \(path) (\(holder)); wait for it to finish or stop it"
        }
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Takes the lock without waiting.
    public static func acquire(directory: String) throws -> RunLock {
        try AtomicFile.ensureDirectory(directory)
        let path = directory + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LocalFileError.errno(path, "open", fix: "check that the state directory is writable")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readHolder(fd: fd)
            close(fd)
            throw Held(path: path, holder: holder)
        }
        let info = "pid \(getpid()) since \(Date().ISO8601Format())\n"
        _ = ftruncate(fd, 0)
        _ = info.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunLock(path: path, fd: fd)
    }

    /// The holder's line. A holder that has just taken the lock may not have written it yet, so an empty
    /// file is read again a few times (at most ~100 ms).
    private static func readHolder(fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 128)
        for attempt in 0..<10 {
            let n = pread(fd, &buffer, buffer.count, 0)
            let text = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            if text.hasSuffix("Z") || (!text.isEmpty && attempt == 9) { return text }
            usleep(10_000)
        }
        return "holder unknown"
    }

    /// Releases the lock (also done on deinit and by the kernel at exit).
    public func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
