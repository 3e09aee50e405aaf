import ProxGuacCore
import ProxGuacHTTP

/// What Guacamole holds for a sync run.
public struct GuacamoleSnapshot: Sendable {
    public var groups: [ObservedGroup]
    public var connections: [ObservedConnection]
    /// Attributes (`max-connections`, `guacd-hostname`, …) of the connections under the root group, by
    /// identifier: proxguac manages none, so an update writes them back as read (read-modify-write).
    public var attributes: [String: [String: String?]] = [:]
    /// Type (`ORGANIZATIONAL`, `BALANCING`) and attributes of every group, by identifier: a rename or move
    /// writes them back as read.
    public var groupSettings: [String: (type: String, attributes: [String: String?])] = [:]

    public init(groups: [ObservedGroup], connections: [ObservedConnection]) {
        self.groups = groups
        self.connections = connections
    }
}

/// Reads groups and connections; parameters only for connections under the root group (concurrently).
public struct GuacamoleSnapshotLoader: Sendable {
    public let client: GuacamoleClient
    public let rootGroup: String
    public let concurrency: Int

    public init(client: GuacamoleClient, rootGroup: String, concurrency: Int) {
        self.client = client
        self.rootGroup = rootGroup
        self.concurrency = max(1, concurrency)
    }

    public func load() async throws -> GuacamoleSnapshot {
        // Both listings at once (one round trip instead of two).
        async let groupsRead = client.connectionGroups()
        async let connectionsRead = Self.listConnections(client)
        let groupRecords = try await groupsRead
        let groups = groupRecords.map { key, group in
            ObservedGroup(identifier: group.identifier ?? key, name: group.name,
                          parentIdentifier: group.parentIdentifier ?? guacamoleRootIdentifier)
        }
        var interner = AttributeMapInterner()
        let connections = try await connectionsRead
        let managed = Self.managedGroups(groups, rootGroup: rootGroup)
        let wanted = connections.filter { managed.contains($0.connection.parentIdentifier ?? guacamoleRootIdentifier) }
        let (parameters, gone) = try await fetchParameters(wanted.map(\.identifier))
        // A connection deleted between the listing and its parameters is gone: leave it out.
        let observed = connections.filter { !gone.contains($0.identifier) }.map { item in
            ObservedConnection(
                identifier: item.identifier, name: item.connection.name,
                parentIdentifier: item.connection.parentIdentifier ?? guacamoleRootIdentifier,
                protocolName: item.connection.protocol,
                parameters: ConnectionParameters(parameters[item.identifier] ?? [:]),
                attributes: interner.internSetValues(of: item.connection.attributes))
        }
        var snapshot = GuacamoleSnapshot(groups: groups, connections: observed)
        for item in wanted { snapshot.attributes[item.identifier] = item.connection.attributes }
        for (key, group) in groupRecords { snapshot.groupSettings[group.identifier ?? key] = (group.type, group.attributes) }
        return snapshot
    }

    /// Every connection with its identifier, the attribute maps shared between equal ones: the decoded listing
    /// (one map per connection) is released before the parameters are read.
    static func listConnections(_ client: GuacamoleClient) async throws -> [(identifier: String, connection: GuacamoleConnection)] {
        var interner = AttributeMapInterner()
        return try await client.connections().map { key, connection in
            var lean = connection
            lean.attributes = interner.intern(connection.attributes)
            return (identifier: connection.identifier ?? key, connection: lean)
        }
    }

    /// The root group (by name, directly under ROOT) and every group below it.
    static func managedGroups(_ groups: [ObservedGroup], rootGroup: String) -> Set<String> {
        subtree(of: groups.filter { $0.parentIdentifier == guacamoleRootIdentifier && $0.name == rootGroup }.map(\.identifier),
                in: groups)
    }

    /// The groups `roots` and every group below them.
    static func subtree(of roots: [String], in groups: [ObservedGroup]) -> Set<String> {
        let children = Dictionary(grouping: groups, by: \.parentIdentifier)
        var pending = roots
        var managed: Set<String> = []
        while let next = pending.popLast() {
            if managed.insert(next).inserted { pending += (children[next] ?? []).map(\.identifier) }
        }
        return managed
    }

    /// Parameters by connection identifier, and the connections that disappeared meanwhile (404).
    private func fetchParameters(_ identifiers: [String]) async throws -> ([String: [String: String]], Set<String>) {
        let client = self.client
        let outcome: Result<([String: [String: String]], Set<String>), any Error> = await withTaskGroup(
            of: (String, Result<[String: String]?, any Error>).self
        ) { group in
            var pending = identifiers.makeIterator()
            func addNext() {
                guard let identifier = pending.next() else { return }
                group.addTask {
                    do throws(GuacamoleError) {
                        return (identifier, .success(try await client.connectionParameters(identifier)))
                    } catch {
                        if case .notFound = error { return (identifier, .success(nil)) }
                        return (identifier, .failure(error))
                    }
                }
            }
            for _ in 0..<concurrency { addNext() }
            var result: [String: [String: String]] = [:]
            var gone: Set<String> = []
            while let (identifier, answer) = await group.next() {
                switch answer {
                case .success(let values?): result[identifier] = values
                case .success(nil): gone.insert(identifier)
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                addNext()
            }
            return .success((result, gone))
        }
        return try outcome.get()
    }
}
