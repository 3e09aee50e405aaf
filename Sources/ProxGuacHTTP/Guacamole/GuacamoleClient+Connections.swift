import ProxGuacCore

/// Connections: `/api/session/data/{ds}/connections`.
extension GuacamoleClient {
    /// Every readable connection, keyed by identifier (no parameters; order undefined).
    public func connections() async throws(GuacamoleError) -> [String: GuacamoleConnection] {
        try await call(.get, "connections")
    }

    public func connection(_ identifier: String) async throws(GuacamoleError) -> GuacamoleConnection {
        try await call(.get, "connections/\(Self.segment(identifier))")
    }

    /// Stored parameter values, passwords included in clear text (needs ADMINISTER or UPDATE on it).
    public func connectionParameters(_ identifier: String) async throws(GuacamoleError) -> [String: String] {
        let (result, label) = try await exchange(.get, "connections/\(Self.segment(identifier))/parameters")
        let response = try Self.success(result, label)
        if let values = FlatJSONStringMap.parse(response.body) { return values }
        let values: [String: LenientString] = try Self.decode(response, label)
        return values.mapValues(\.value)
    }

    /// Creates a connection and returns it with its new identifier. When an answer is lost, the connection
    /// is looked for (same name, parent and `proxguac-id` marker) before the create is tried again.
    public func createConnection(_ connection: GuacamoleConnection) async throws(GuacamoleError)
        -> GuacamoleConnection
    {
        try await create("connections", json: Self.complete(connection).jsonBody) {
            (afterRefusal: Bool) async throws(GuacamoleError) in
            // Without a marker, a refusal ("already exists") may well be someone else's connection.
            if afterRefusal && connection.parameters?[IdentityMarker.parameterName] == nil { return nil }
            return try await existingConnection(like: connection)
        }
    }

    /// Replaces the connection entirely: parameters left out are deleted, a nil parent means ROOT.
    public func updateConnection(_ identifier: String, to connection: GuacamoleConnection)
        async throws(GuacamoleError)
    {
        try await perform(.put, "connections/\(Self.segment(identifier))", json: Self.complete(connection).jsonBody)
    }

    public func deleteConnection(_ identifier: String) async throws(GuacamoleError) {
        try await perform(.delete, "connections/\(Self.segment(identifier))")
    }

    /// POST and PUT fail with 500 when `parameters` (PUT) or `attributes` is missing: always send both.
    static func complete(_ connection: GuacamoleConnection) -> GuacamoleConnection {
        var copy = connection
        if copy.parameters == nil { copy.parameters = [:] }
        copy.identifier = nil
        copy.activeConnections = nil
        copy.lastActive = nil
        return copy
    }
}
