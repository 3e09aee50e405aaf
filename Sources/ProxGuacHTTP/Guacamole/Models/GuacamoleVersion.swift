/// The Guacamole web application's version, from `translations/en.json` (`APP.VERSION`).
public struct GuacamoleVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `1.6.0` (suffixes like `-SNAPSHOT` are ignored); nil when there is no `major.minor`.
    public init?(_ text: String) {
        let numbers = text.split(whereSeparator: { !$0.isNumber && $0 != "." }).first?
            .split(separator: ".").compactMap { Int($0) } ?? []
        guard numbers.count >= 2 else { return nil }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers.count > 2 ? numbers[2] : 0)
    }

    /// 1.6.0 added atomic add/replace/remove batch PATCH; 1.4/1.5 accept `remove` only.
    public var supportsAtomicPatch: Bool { self >= GuacamoleVersion(major: 1, minor: 6) }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (a: GuacamoleVersion, b: GuacamoleVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
}

/// `{"APP": {"VERSION": "1.6.0"}}`
struct GuacamoleTranslations: Decodable {
    struct App: Decodable {
        let version: String?
        enum CodingKeys: String, CodingKey { case version = "VERSION" }
    }

    let app: App?
    enum CodingKeys: String, CodingKey { case app = "APP" }
}
