import Foundation
import ProxGuacCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One line of the audit log: what was done to which target, which fields changed (names only), and the result.
public struct AuditRecord: Codable, Sendable, Equatable {
    public var time: String
    public var action: String
    public var target: String
    public var fields: [String]
    public var result: String
    public var message: String?
    /// The named cluster of the guest the record is about (absent for the single unnamed cluster, groups, external hosts).
    public var cluster: String?

    public init(time: Date = Date(), action: String, target: String, fields: [String] = [], result: String, message: String? = nil) {
        self.time = AuditTime.text(time)
        self.action = action
        self.target = target
        self.fields = fields
        self.result = result
        self.message = message
    }
}

extension AuditRecord {
    /// The record as one line of JSON (keys sorted, no `message` when there is none).
    var jsonLine: [UInt8] {
        var json = JSONByteWriter(reservingCapacity: 160)
        json.object { members in
            members.member("action", action)
            if let cluster { members.member("cluster", cluster) }
            members.member("fields", fields)
            if let message { members.member("message", message) }
            members.member("result", result)
            members.member("target", target)
            members.member("time", time)
        }
        return json.bytes + [0x0A]
    }
}

/// ISO 8601 UTC timestamps to the second, formatted once per second (a sync of thousands of
/// connections writes thousands of records within a few seconds).
enum AuditTime {
    private static let last = Mutex<(second: Int64, text: String)?>(nil)

    static func text(_ date: Date) -> String {
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if let cached = last.withLock({ $0 }), cached.second == second { return cached.text }
        let text = Date(timeIntervalSince1970: TimeInterval(second)).ISO8601Format()
        last.withLock { $0 = (second, text) }
        return text
    }
}

/// Appends JSON lines to the audit log (mode 0600). Never receives secret values: records carry field names only.
public final class AuditLog: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()

    public init(path: String) throws(LocalFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try AtomicFile.ensureDirectory(directory) }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .errno(path, "open", fix: "check that the directory is writable or pass --audit-log") }
        self.path = path
        self.fd = fd
    }

    /// Appends one record as a single `write` (O_APPEND keeps concurrent lines whole).
    public func append(_ record: AuditRecord) {
        append(contentsOf: [record])
    }

    /// Appends records with a few large `write`s (a batch of a thousand changes is one system call, not a thousand;
    /// lines are whole in each, and the lock keeps another batch from coming in between), then `fsync`s, so a record
    /// is on disk before the change it announces is made or reported done. The lines are written every
    /// `chunkBytes`: a first sync's 25,000 intent records are not held as one 15 MB buffer.
    /// A failure (full disk, I/O error) is kept in ``failure``: the run must not report success.
    public func append(contentsOf records: [AuditRecord]) {
        guard !records.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(min(Self.chunkBytes, records.count * 200) + 512)
        var writeError: Int32?
        for record in records {
            chunk += record.jsonLine
            if chunk.count >= Self.chunkBytes {
                writeError = writeError ?? writeAll(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { writeError = writeError ?? writeAll(chunk) }
        if let writeError {
            noteFailure("write", writeError)
        } else if fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            // EINVAL/EROFS: a pipe or character device (e.g. /dev/stdout) that cannot be synced.
            noteFailure("fsync", errno)
        }
    }

    /// Bytes gathered before one `write`.
    static let chunkBytes = 256 * 1024

    /// Writes every byte (retrying short writes and EINTR); the errno of a failure, else nil.
    private func writeAll(_ data: [UInt8]) -> Int32? {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return written < 0 ? errno : EIO }
            }
            return nil
        }
    }

    /// The first write or fsync failure (one line, names the file), nil while every record was stored.
    public var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return firstFailure
    }

    private var firstFailure: String?

    private func noteFailure(_ call: String, _ code: Int32) {
        guard firstFailure == nil else { return }
        firstFailure = "audit log \(path) not written (\(call): \(String(cString: strerror(code)))): free space or fix the file, or pass --audit-log"
    }

    deinit { close(fd) }
}
