#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads small secret files (keys, passphrases) with plain syscalls, so no copy lingers in Foundation buffers.
enum SmallFile {
    /// Key and passphrase files are a few dozen bytes; anything larger is not one of ours.
    static let sizeLimit = 64 * 1024

    struct ReadFailure: Error {
        let reason: String
    }

    static func contents(of path: String) throws(ReadFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadFailure(reason: errnoText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadFailure(reason: errnoText()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ReadFailure(reason: "not a regular file") }
        guard Int(info.st_size) <= sizeLimit else { throw ReadFailure(reason: "larger than \(sizeLimit) bytes") }

        var contents = [UInt8](repeating: 0, count: sizeLimit + 1)
        var total = 0
        while total <= sizeLimit {
            let count = contents.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + total }, buffer.count - total)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                wipe(&contents)
                throw ReadFailure(reason: errnoText())
            }
            if count == 0 { break }
            total += count
        }
        guard total <= sizeLimit else {
            wipe(&contents)
            throw ReadFailure(reason: "larger than \(sizeLimit) bytes")
        }
        let result = Array(contents[..<total])
        wipe(&contents)
        return result
    }
}

/// `strerror(errno)` as a String, e.g. `No such file or directory`.
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
