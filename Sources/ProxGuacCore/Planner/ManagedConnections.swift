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

    init(observed: [ObservedConnection], tree: GroupTree, desired: [DesiredConnection], state: SyncState) {
        var identityByGuacIdentifier: [String: ConnectionIdentity] = [:]
        for (identity, record) in state.records { identityByGuacIdentifier[record.guacIdentifier] = identity }
        var identityByPlace: [Place: ConnectionIdentity] = [:]
        for connection in desired {
            let place = Place(path: GroupPath(tree.rootPath.names + connection.groupNames), name: connection.name)
            identityByPlace[place] = identityByPlace[place] ?? connection.identity
        }

        for connection in observed where tree.isManaged(connection.parentIdentifier) {
            let place = Place(path: tree.path(of: connection.parentIdentifier), name: connection.name)
            let byPlace = identityByPlace[place].flatMap { $0.protocolName == connection.fields.protocolName ? $0 : nil }
            if let identity = connection.markedIdentity ?? identityByGuacIdentifier[connection.identifier] ?? byPlace {
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
