/// `GET /version`.
public struct ProxmoxVersion: Sendable, Hashable, Decodable {
    /// The pve-manager package version: `7.4-3` (PVE 7) or `8.2.4`.
    public let version: String
    /// `major.minor`, e.g. `8.2`.
    public let release: String
    public let repoid: String?

    public init(version: String, release: String, repoid: String? = nil) {
        self.version = version
        self.release = release
        self.repoid = repoid
    }

    /// The major release (7, 8, 9), from `release`.
    public var major: Int? { release.split(separator: ".").first.flatMap { Int($0) } }
}
