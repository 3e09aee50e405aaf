/// Permissions of the logged-in user and grants to others.
extension GuacamoleClient {
    /// The logged-in user's permissions: `effective` includes those inherited from user groups.
    public func selfPermissions(effective: Bool = true) async throws(GuacamoleError) -> GuacamolePermissionSet {
        try await call(.get, effective ? "self/effectivePermissions" : "self/permissions")
    }

    /// Grants READ on connections and groups to a user (`PATCH /users/{u}/permissions`).
    public func grantRead(toUser username: String, connections: [String] = [], connectionGroups: [String] = [])
        async throws(GuacamoleError)
    {
        try await grantRead(at: "users/\(Self.segment(username))/permissions", connections, connectionGroups)
    }

    /// Grants READ on connections and groups to a user group (`PATCH /userGroups/{g}/permissions`).
    public func grantRead(toUserGroup group: String, connections: [String] = [], connectionGroups: [String] = [])
        async throws(GuacamoleError)
    {
        try await grantRead(at: "userGroups/\(Self.segment(group))/permissions", connections, connectionGroups)
    }

    private func grantRead(at path: String, _ connections: [String], _ groups: [String]) async throws(GuacamoleError) {
        let patches =
            connections.map { PermissionPatch(op: "add", path: "/connectionPermissions/\($0)", value: "READ") }
            + groups.map { PermissionPatch(op: "add", path: "/connectionGroupPermissions/\($0)", value: "READ") }
        guard !patches.isEmpty else { return }
        // Adding a permission the subject already has changes nothing, so this PATCH may be repeated.
        try await perform(.patch, path, json: JSONCoding.encode(patches), repeatable: true)
    }
}

/// One permission change: `{"op":"add","path":"/connectionPermissions/7","value":"READ"}`.
struct PermissionPatch: Encodable {
    let op: String
    let path: String
    let value: String
}
