import Glibc
import ProxGuacCore

/// Reads config, secret and key files from the local file system (the real ``ConfigFileReading``).
public struct LocalConfigFiles: ConfigFileReading {
    /// Files larger than this are refused: config and secret files are small.
    public static let maximumSize = 1 << 20

    public init() {}

    public func readConfigFile(atPath path: String) throws(ConfigFileReadFailure) -> ConfigFileContents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure(errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ConfigFileReadFailure(reason: "not a regular file") }
        guard Int(status.st_size) <= Self.maximumSize else {
            throw ConfigFileReadFailure(reason: "larger than \(Self.maximumSize) bytes")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(errno)
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            guard bytes.count <= Self.maximumSize else { throw ConfigFileReadFailure(reason: "larger than \(Self.maximumSize) bytes") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ConfigFileReadFailure(reason: "not UTF-8 text") }
        let readableByOthers = (status.st_mode & (S_IRGRP | S_IROTH)) != 0
        return ConfigFileContents(text: text, isReadableByOthers: readableByOthers)
    }

    private static func failure(_ code: Int32) -> ConfigFileReadFailure {
        ConfigFileReadFailure(reason: String(cString: strerror(code)), isMissing: code == ENOENT || code == ENOTDIR)
    }
}
