import Foundation
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

    public init(time: Date = Date(), action: String, target: String, fields: [String] = [], result: String, message: String? = nil) {
        // ISO8601Format() gives the same text as ISO8601DateFormatter without building an ICU formatter per record.
        self.time = time.ISO8601Format()
        self.action = action
        self.target = target
        self.fields = fields
        self.result = result
        self.message = message
    }
}

/// Appends JSON lines to the audit log (mode 0600). Never receives secret values: records carry field names only.
public final class AuditLog: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

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
        guard var data = try? encoder.encode(record) else { return }
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        data.withUnsafeBytes { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    deinit { close(fd) }
}
