/// The connections under the root group, each tied to an identity when one can be recovered.
///
/// Recovery order, first hit wins:
/// 1. the marker parameter (`proxguac-id`, see `IdentityMarker`);
/// 2. the state file (a record whose Guacamole identifier is this connection's).
/// A place match (same group path and name as a desired connection) never makes a connection managed:
/// only `adopt` takes unmarked connections over. Connections none of these identify are "unidentified"
/// and never changed.
///
/// When several connections carry one identity (Guacamole's "Clone" copies the marker), the one whose
/// identifier the state recorded is managed and the others are copies made by hand (`handCopies`), never
/// touched. With no such record, none is touched (`ambiguous`): `adopt --connection ID` names the managed one.
struct ManagedConnections {
    /// The managed connection of each identity (one element; the array form is kept for the planner).
    private(set) var copiesByIdentity: [ConnectionIdentity: [ObservedConnection]] = [:]
    /// Copies made by hand of a managed connection, by identity (left alone).
    private(set) var handCopies: [ConnectionIdentity: [ObservedConnection]] = [:]
    /// Identities carried by several connections, none of them recorded in the state (all left alone).
    private(set) var ambiguous: [ConnectionIdentity: [ObservedConnection]] = [:]
    private(set) var unidentified: [ObservedConnection] = []

    init(observed: [ObservedConnection], tree: GroupTree, state: SyncState) {
        // The fallback index is built only when a connection has no readable marker.
        var identityByGuacIdentifier: [String: ConnectionIdentity]?
        var candidates: [ConnectionIdentity: [ObservedConnection]] = [:]
        candidates.reserveCapacity(observed.count)
        for connection in observed where tree.isManaged(connection.parentIdentifier) {
            if let identity = connection.markedIdentity {
                candidates[identity, default: []].append(connection)
                continue
            }
            identityByGuacIdentifier = identityByGuacIdentifier ?? Self.identitiesByGuacIdentifier(state)
            if let identity = identityByGuacIdentifier?[connection.identifier] {
                candidates[identity, default: []].append(connection)
            } else {
                unidentified.append(connection)
            }
        }
        copiesByIdentity.reserveCapacity(candidates.count)
        for (identity, copies) in candidates {
            guard copies.count > 1 else {
                copiesByIdentity[identity] = copies
                continue
            }
            let sorted = copies.sorted { Self.identifierOrder($0.identifier, $1.identifier) }
            let recorded = state.records[identity]?.guacIdentifier
            if let keeper = sorted.first(where: { $0.identifier == recorded }) {
                copiesByIdentity[identity] = [keeper]
                handCopies[identity] = sorted.filter { $0.identifier != recorded }
            } else {
                ambiguous[identity] = sorted
            }
        }
        unidentified.sort { Self.identifierOrder($0.identifier, $1.identifier) }
    }

    /// Identifiers of the managed connections (one per identity).
    var identifiers: Set<String> { Set(copiesByIdentity.values.lazy.flatMap { $0.map(\.identifier) }) }

    private static func identitiesByGuacIdentifier(_ state: SyncState) -> [String: ConnectionIdentity] {
        var result: [String: ConnectionIdentity] = [:]
        for (identity, record) in state.records { result[record.guacIdentifier] = identity }
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
}
