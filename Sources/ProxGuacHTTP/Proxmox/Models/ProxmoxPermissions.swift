/// `GET /access/permissions`: privileges per ACL path.
///
/// A privilege counts as granted when its key is present; the 0/1 value is only the propagate flag.
public struct ProxmoxPermissions: Sendable, Hashable, Decodable {
    public let privilegesByPath: [String: Set<String>]

    public init(privilegesByPath: [String: Set<String>]) {
        self.privilegesByPath = privilegesByPath
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: [String: LenientString]].self)
        privilegesByPath = raw.mapValues { Set($0.keys) }
    }

    /// Whether `privilege` is granted on exactly `path` (as returned with `?path=`, inheritance already applied).
    public func has(_ privilege: String, on path: String) -> Bool {
        privilegesByPath[path]?.contains(privilege) ?? false
    }
}
