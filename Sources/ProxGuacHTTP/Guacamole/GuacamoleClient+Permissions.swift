/// Permissions of the logged-in user and grants to others.
extension GuacamoleClient {
    /// The logged-in user's permissions: `effective` includes those inherited from user groups.
    public func selfPermissions(effective: Bool = true) async throws(GuacamoleError) -> GuacamolePermissionSet {
        try await call(.get, effective ? "self/effectivePermissions" : "self/permissions")
    }

    /// A user's directly granted permissions (`GET /users/{u}/permissions`); throws `userNotFound` when
    /// Guacamole has no such user (or the proxguac account may not see it).
    public func permissions(ofUser username: String) async throws(GuacamoleError) -> GuacamolePermissionSet {
        try await directPermissions(at: "users/\(Self.segment(username))/permissions", ifMissing: .userNotFound(name: username))
    }

    /// A user group's directly granted permissions (`GET /userGroups/{g}/permissions`); throws
    /// `userGroupNotFound` when Guacamole has no such group (or the proxguac account may not see it).
    public func permissions(ofUserGroup group: String) async throws(GuacamoleError) -> GuacamolePermissionSet {
        try await directPermissions(at: "userGroups/\(Self.segment(group))/permissions", ifMissing: .userGroupNotFound(name: group))
    }

    private func directPermissions(at path: String, ifMissing: GuacamoleError) async throws(GuacamoleError)
        -> GuacamolePermissionSet
    {
        try await orMissing(ifMissing) { () async throws(GuacamoleError) in try await call(.get, path) }
    }

    /// Runs `body`; a 404 (no such user or group, or not visible to this account) becomes `missing`.
    private func orMissing<T>(_ missing: GuacamoleError, _ body: () async throws(GuacamoleError) -> T)
        async throws(GuacamoleError) -> T
    {
        do throws(GuacamoleError) {
            return try await body()
        } catch {
            if case .notFound = error { throw missing }
            throw error
        }
    }

    /// Grants READ on connections and groups to a user (`PATCH /users/{u}/permissions`).
    public func grantRead(toUser username: String, connections: [String] = [], connectionGroups: [String] = [])
        async throws(GuacamoleError)
    {
        try await grantRead(at: "users/\(Self.segment(username))/permissions", connections, connectionGroups,
                            ifMissing: .userNotFound(name: username))
    }

    /// Grants READ on connections and groups to a user group (`PATCH /userGroups/{g}/permissions`).
    public func grantRead(toUserGroup group: String, connections: [String] = [], connectionGroups: [String] = [])
        async throws(GuacamoleError)
    {
        try await grantRead(at: "userGroups/\(Self.segment(group))/permissions", connections, connectionGroups,
                            ifMissing: .userGroupNotFound(name: group))
    }

    /// One PATCH of READ grants; a 404 (no such user or group) becomes `ifMissing`.
    private func grantRead(at path: String, _ connections: [String], _ groups: [String], ifMissing: GuacamoleError)
        async throws(GuacamoleError)
    {
        let patches =
            connections.map { PermissionPatch(op: "add", path: "/connectionPermissions/\($0)", value: "READ") }
            + groups.map { PermissionPatch(op: "add", path: "/connectionGroupPermissions/\($0)", value: "READ") }
        guard !patches.isEmpty else { return }
        // Adding a permission the subject already has changes nothing, so this PATCH may be repeated.
        try await orMissing(ifMissing) { () async throws(GuacamoleError) in
            try await perform(.patch, path, json: JSONCoding.encode(patches), repeatable: true)
        }
    }
}

/// One permission change: `{"op":"add","path":"/connectionPermissions/7","value":"READ"}`.
struct PermissionPatch: Encodable {
    let op: String
    let path: String
    let value: String
}
