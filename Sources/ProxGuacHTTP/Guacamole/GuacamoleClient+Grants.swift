/// Grants of several object permissions at once (`sync.grant.permissions`).
extension GuacamoleClient {
    /// Adds `permissions` (READ, UPDATE, DELETE, ADMINISTER) on connections and groups to a user, in one PATCH.
    public func grant(_ permissions: [String], toUser username: String, connections: [String] = [],
                      connectionGroups: [String] = []) async throws(GuacamoleError) {
        guard permissions != ["READ"] else {
            return try await grantRead(toUser: username, connections: connections, connectionGroups: connectionGroups)
        }
        try await grant(permissions, at: "users/\(Self.segment(username))/permissions", connections, connectionGroups,
                        ifMissing: .userNotFound(name: username))
    }

    /// Adds `permissions` on connections and groups to a user group, in one PATCH.
    public func grant(_ permissions: [String], toUserGroup group: String, connections: [String] = [],
                      connectionGroups: [String] = []) async throws(GuacamoleError) {
        guard permissions != ["READ"] else {
            return try await grantRead(toUserGroup: group, connections: connections, connectionGroups: connectionGroups)
        }
        try await grant(permissions, at: "userGroups/\(Self.segment(group))/permissions", connections, connectionGroups,
                        ifMissing: .userGroupNotFound(name: group))
    }

    private func grant(_ permissions: [String], at path: String, _ connections: [String], _ groups: [String],
                       ifMissing: GuacamoleError) async throws(GuacamoleError) {
        let patches = permissions.flatMap { permission in
            connections.map { PermissionPatch(op: "add", path: "/connectionPermissions/\($0)", value: permission) }
                + groups.map { PermissionPatch(op: "add", path: "/connectionGroupPermissions/\($0)", value: permission) }
        }
        guard !patches.isEmpty else { return }
        do throws(GuacamoleError) {
            // Adding a permission the subject already has changes nothing, so this PATCH may be repeated.
            try await perform(.patch, path, json: JSONCoding.encode(patches), repeatable: true)
        } catch {
            if case .notFound = error { throw ifMissing }
            throw error
        }
    }
}
