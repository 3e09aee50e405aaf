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

    public func createConnectionGroup(_ group: GuacamoleConnectionGroup) async throws(GuacamoleError)
        -> GuacamoleConnectionGroup
    {
        try await create("connectionGroups", json: JSONCoding.encode(Self.bare(group))) {
            (afterRefusal: Bool) async throws(GuacamoleError) in
            // Groups carry no marker: after a refusal a same-named group cannot be told apart from another's.
            afterRefusal ? nil : try await existingGroup(like: group)
        }
    }

    /// Replaces name, parent, type and attributes.
    public func updateConnectionGroup(_ identifier: String, to group: GuacamoleConnectionGroup)
        async throws(GuacamoleError)
    {
        try await perform(.put, "connectionGroups/\(Self.segment(identifier))", json: JSONCoding.encode(Self.bare(group)))
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
