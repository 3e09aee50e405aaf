/// `APIPermissionSet`: object permissions keyed by identifier, plus system permissions.
///
/// Object maps hold explicit grants only: an `ADMINISTER` system permission allows everything without them.
public struct GuacamolePermissionSet: Sendable, Hashable, Codable {
    public var connectionPermissions: [String: [String]]
    public var connectionGroupPermissions: [String: [String]]
    public var sharingProfilePermissions: [String: [String]]
    public var activeConnectionPermissions: [String: [String]]
    public var userPermissions: [String: [String]]
    public var userGroupPermissions: [String: [String]]
    public var systemPermissions: [String]

    public init(
        connectionPermissions: [String: [String]] = [:], connectionGroupPermissions: [String: [String]] = [:],
        sharingProfilePermissions: [String: [String]] = [:], activeConnectionPermissions: [String: [String]] = [:],
        userPermissions: [String: [String]] = [:], userGroupPermissions: [String: [String]] = [:],
        systemPermissions: [String] = []
    ) {
        self.connectionPermissions = connectionPermissions
        self.connectionGroupPermissions = connectionGroupPermissions
        self.sharingProfilePermissions = sharingProfilePermissions
        self.activeConnectionPermissions = activeConnectionPermissions
        self.userPermissions = userPermissions
        self.userGroupPermissions = userGroupPermissions
        self.systemPermissions = systemPermissions
    }

    private enum CodingKeys: String, CodingKey {
        case connectionPermissions, connectionGroupPermissions, sharingProfilePermissions,
            activeConnectionPermissions, userPermissions, userGroupPermissions, systemPermissions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func map(_ key: CodingKeys) throws -> [String: [String]] {
            try c.decodeIfPresent([String: [String]].self, forKey: key) ?? [:]
        }
        connectionPermissions = try map(.connectionPermissions)
        connectionGroupPermissions = try map(.connectionGroupPermissions)
        sharingProfilePermissions = try map(.sharingProfilePermissions)
        activeConnectionPermissions = try map(.activeConnectionPermissions)
        userPermissions = try map(.userPermissions)
        userGroupPermissions = try map(.userGroupPermissions)
        systemPermissions = try c.decodeIfPresent([String].self, forKey: .systemPermissions) ?? []
    }

    public var isAdministrator: Bool { systemPermissions.contains("ADMINISTER") }

    /// Whether connections can be created (and, with object grants, changed).
    public var canCreateConnections: Bool { isAdministrator || systemPermissions.contains("CREATE_CONNECTION") }
}
