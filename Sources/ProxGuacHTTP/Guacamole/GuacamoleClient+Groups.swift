/// Connection groups: `/api/session/data/{ds}/connectionGroups`.
extension GuacamoleClient {
    /// Every readable group keyed by identifier (ROOT is not listed).
    public func connectionGroups() async throws(GuacamoleError) -> [String: GuacamoleConnectionGroup] {
        try await call(.get, "connectionGroups")
    }

    /// The group with every readable descendant group and connection nested.
    public func connectionGroupTree(_ identifier: String = GuacamoleConnectionGroup.rootIdentifier)
        async throws(GuacamoleError) -> GuacamoleConnectionGroup
    {
        try await call(.get, "connectionGroups/\(Self.segment(identifier))/tree")
    }

    /// Creates a group and returns it with its new identifier. When the answer is lost or the name is
    /// taken, the group of that name under that parent is returned instead of a second one.
    public func createConnectionGroup(_ group: GuacamoleConnectionGroup) async throws(GuacamoleError)
        -> GuacamoleConnectionGroup
    {
        try await create("connectionGroups", json: Self.bare(group).jsonBody) {
            (_: Bool) async throws(GuacamoleError) in
            // Groups carry no marker and are known by their path: a group of that name under that parent
            // is the one wanted, whoever made it (the planner would take it over on the next run anyway).
            try await existingGroup(like: group)
        }
    }

    /// Replaces name, parent, type and attributes.
    public func updateConnectionGroup(_ identifier: String, to group: GuacamoleConnectionGroup)
        async throws(GuacamoleError)
    {
        try await perform(.put, "connectionGroups/\(Self.segment(identifier))", json: Self.bare(group).jsonBody)
    }

    /// Deletes the group and everything inside it.
    public func deleteConnectionGroup(_ identifier: String) async throws(GuacamoleError) {
        try await perform(.delete, "connectionGroups/\(Self.segment(identifier))")
    }

    /// The writable fields only (no children, counters or id).
    static func bare(_ group: GuacamoleConnectionGroup) -> GuacamoleConnectionGroup {
        GuacamoleConnectionGroup(
            name: group.name, parentIdentifier: group.parentIdentifier, type: group.type, attributes: group.attributes)
    }
}
