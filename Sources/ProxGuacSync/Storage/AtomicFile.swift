import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors from local files proxguac owns (state, lock, audit log).
public struct LocalFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }

    static func errno(_ path: String, _ action: String, fix: String) -> LocalFileError {
        LocalFileError(path: path, reason: "\(action) failed (\(String(cString: strerror(Glibc.errno)))): \(fix)")
    }
}

/// Writes files so that a reader sees either the old or the new content, never half of it:
/// write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory.
public enum AtomicFile {
    /// - Parameter owner: user and group the new file gets before it replaces the old one (config edits keep
    ///   the file's owner); nil leaves it to the process.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600,
                             owner: (user: uid_t, group: gid_t)? = nil) throws(LocalFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        try ensureDirectory(directory.isEmpty ? "." : directory)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .errno(temporary, "create", fix: "check that the directory is writable") }
        if let owner, fchown(fd, owner.user, owner.group) != 0 || fchmod(fd, mode) != 0 {
            let error = LocalFileError.errno(path, "keep the owner of", fix: "run as root or as the file's owner")
            close(fd); unlink(temporary)
            throw error
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let error = LocalFileError.errno(temporary, "write", fix: "check free disk space")
                close(fd); unlink(temporary)
                throw error
            }
            written += n
        }
        if fsync(fd) != 0 {
            let error = LocalFileError.errno(temporary, "fsync", fix: "check the file system")
            close(fd); unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let error = LocalFileError.errno(path, "rename", fix: "check that the directory is writable")
            unlink(temporary)
            throw error
        }
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { _ = fsync(dirfd); close(dirfd) }
    }

    /// Reads a whole file; `nil` when it does not exist.
    public static func read(_ path: String) throws(LocalFileError) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if access(path, F_OK) != 0 { return nil }
            throw LocalFileError(path: path, reason: "cannot be read: check its permissions")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw LocalFileError(path: path, reason: "cannot be read: \(error.localizedDescription)")
        }
    }

    /// Creates a directory (and parents) with mode 0700 when missing.
    public static func ensureDirectory(_ path: String) throws(LocalFileError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw LocalFileError(path: path, reason: "exists but is not a directory: move it away")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LocalFileError(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }
}
