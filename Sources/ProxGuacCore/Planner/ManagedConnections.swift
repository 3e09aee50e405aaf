/// The connections under the root group, each tied to an identity when one can be recovered.
///
/// Recovery order, first hit wins:
/// 1. the marker parameter (`proxguac-id`, see `IdentityMarker`);
/// 2. the state file (a record whose Guacamole identifier is this connection's);
/// 3. the place: a desired connection with the same group path, name and protocol.
/// Connections none of these identify are "unidentified" and never changed.
struct ManagedConnections {
    /// Identified connections; the keeper (first) is the copy the state points at, else the lowest identifier.
    private(set) var copiesByIdentity: [ConnectionIdentity: [ObservedConnection]] = [:]
    private(set) var unidentified: [ObservedConnection] = []

    init(observed: [ObservedConnection], tree: GroupTree, desired: some Collection<DesiredConnection>, state: SyncState) {
        // The fallback indexes are built only when a connection has no readable marker.
        var identityByGuacIdentifier: [String: ConnectionIdentity]?
        var identityByPlace: [Place: ConnectionIdentity]?
        for connection in observed where tree.isManaged(connection.parentIdentifier) {
            if let identity = connection.markedIdentity {
                copiesByIdentity[identity, default: []].append(connection)
                continue
            }
            identityByGuacIdentifier = identityByGuacIdentifier ?? Self.identitiesByGuacIdentifier(state)
            if let identity = identityByGuacIdentifier?[connection.identifier] {
                copiesByIdentity[identity, default: []].append(connection)
                continue
            }
            identityByPlace = identityByPlace ?? Self.identitiesByPlace(desired, tree: tree)
            let place = Place(path: tree.path(of: connection.parentIdentifier), name: connection.name)
            if let identity = identityByPlace?[place], identity.protocolName == connection.fields.protocolName {
                copiesByIdentity[identity, default: []].append(connection)
            } else {
                unidentified.append(connection)
            }
        }
        for (identity, copies) in copiesByIdentity where copies.count > 1 {
            let preferred = state.records[identity]?.guacIdentifier
            copiesByIdentity[identity] = copies.sorted { a, b in
                if (a.identifier == preferred) != (b.identifier == preferred) { return a.identifier == preferred }
                return Self.identifierOrder(a.identifier, b.identifier)
            }
        }
        unidentified.sort { Self.identifierOrder($0.identifier, $1.identifier) }
    }

    private static func identitiesByGuacIdentifier(_ state: SyncState) -> [String: ConnectionIdentity] {
        var result: [String: ConnectionIdentity] = [:]
        for (identity, record) in state.records { result[record.guacIdentifier] = identity }
        return result
    }

    /// The first desired identity at each place (group path and name).
    private static func identitiesByPlace(_ desired: some Collection<DesiredConnection>, tree: GroupTree) -> [Place: ConnectionIdentity] {
        var result: [Place: ConnectionIdentity] = [:]
        for connection in desired {
            let place = Place(path: GroupPath(tree.rootPath.names + connection.groupNames), name: connection.name)
            result[place] = result[place] ?? connection.identity
        }
        return result
    }

    /// Numeric order for JDBC's decimal identifiers, text order otherwise.
    static func identifierOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a < b
        }
    }

    private struct Place: Hashable {
        let path: GroupPath
        let name: String
    }
}
