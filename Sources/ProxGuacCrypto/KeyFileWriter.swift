#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension EncryptionKey {
    /// Writes the key file with mode 0600.
    ///
    /// The key goes to a temporary file in the same directory that is created 0600 with `O_EXCL`,
    /// so it is never readable by others, not even for an instant. It is then published with
    /// `link` (fails if `path` exists: no overwrite) or, when `overwrite` is true, `rename`
    /// (atomic replace). A crash leaves either the old file or the complete new one.
    public func writeFile(_ path: String, overwrite: Bool) throws(CryptoError) {
        guard !path.isEmpty else { throw .keyFileWriteFailed(path: path, reason: "empty path") }
        if !overwrite && fileExists(path) { throw .keyFileExists(path: path) }

        let directory = Self.directory(of: path)
        let temporary = "\(directory)/.proxguac-key-\(try randomSuffix()).tmp"
        try writeNewFile(temporary, path: path)
        defer { unlink(temporary) }

        if overwrite {
            guard rename(temporary, path) == 0 else { throw .keyFileWriteFailed(path: path, reason: errnoText()) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw .keyFileExists(path: path) }
                throw .keyFileWriteFailed(path: path, reason: errnoText())
            }
        }
        syncDirectory(directory)
    }

    private func writeNewFile(_ temporary: String, path: String) throws(CryptoError) {
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR)
        guard fd >= 0 else { throw .keyFileWriteFailed(path: path, reason: errnoText()) }
        var failure: String?
        // The umask can only remove bits; fchmod makes the mode exactly 0600 whatever it is.
        if fchmod(fd, S_IRUSR | S_IWUSR) != 0 { failure = errnoText() }
        var text = Array(fileContents().value.utf8)
        if failure == nil {
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written != text.count { failure = written < 0 ? errnoText() : "short write" }
        }
        wipe(&text)
        if failure == nil && fsync(fd) != 0 { failure = errnoText() }
        if close(fd) != 0 && failure == nil { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw .keyFileWriteFailed(path: path, reason: failure)
        }
    }

    private func fileExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func randomSuffix() throws(CryptoError) -> String {
        try SecureRandom.bytes(6).map { String($0, radix: 16) }.joined()
    }

    /// Makes the new directory entry durable; a failure here loses nothing already written.
    private func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }
}
