/// The three-way sync planner: compares the notes (desired), Guacamole (observed) and the last-sync
/// state, and plans the changes. Pure: no I/O; linear in the number of connections and groups.
///
/// Rules (README section "Sync, drift and the plan" has the user-facing version):
/// - Only the root group (`PlanOptions.rootGroup`, directly under ROOT) and what is below it is managed.
///   No action ever names a connection or group outside it.
/// - Identities are recovered by marker or state record, never by place (see `ManagedConnections`);
///   copies of a marker made by hand are left alone.
/// - Drift is three-way (see `SyncStatus`); `--push`/`--pull` resolve drift and conflicts.
/// - A connection's group follows the notes: a missing group is created, or an existing managed group
///   is renamed/moved when all connections wanting the new path sit in it and nothing wants its old path.
/// - Groups proxguac owns (`GroupOwnership`) left empty are deleted (the root group is kept); other groups
///   are never deleted, renamed or moved.
public enum Planner {
    public static func plan(_ input: PlanInput, options: PlanOptions) -> Plan {
        var builder = PlanBuilder(input: input, options: options)
        return builder.build()
    }

    /// Same as `plan(_:options:)` with the inputs spelled out.
    public static func plan(desired: [DesiredConnection], blocked: [BlockedEntry] = [], observed: [ObservedConnection],
                            groups: [ObservedGroup], availability: [ConnectionSource: GuestAvailability],
                            state: SyncState, options: PlanOptions) -> Plan {
        plan(PlanInput(desired: desired, blocked: blocked, observed: observed, groups: groups,
                       availability: availability, state: state), options: options)
    }
}

/// One planning run's working data.
struct PlanBuilder {
    let input: PlanInput
    let options: PlanOptions
    var tree: GroupTree
    var actions: [PlanAction] = []
    var notices: [String] = []
    /// Groups proxguac may delete, rename or move (see `GroupOwnership`).
    var ownedGroups: Set<String> = []

    init(input: PlanInput, options: PlanOptions) {
        self.input = input
        self.options = options
        self.tree = GroupTree(groups: input.groups, rootName: options.rootGroup)
    }

    mutating func build() -> Plan {
        let (desired, blocked) = checkedDesired()
        let managed = ManagedConnections(observed: input.observed, tree: tree, state: input.state)
        ownedGroups = GroupOwnership.owned(tree: tree, observed: input.observed,
                                           managedConnections: managed.identifiers, recorded: input.state.server?.groups)
        let identities = Self.allIdentities(desired: desired, blocked: blocked, managed: managed)
        var decisions = identities.map { identity in
            var decision = ConnectionDecision.decide(
                identity: identity, desired: desired[identity].map { input.desired[$0] }, blocked: blocked[identity],
                copies: managed.copiesByIdentity[identity] ?? [], record: input.state.records[identity],
                availability: input.availability[identity.source], options: options, rootPath: tree.rootPath)
            decision.leaveHandCopies(managed.handCopies[identity] ?? [], ambiguous: managed.ambiguous[identity] ?? [])
            return decision
        }
        let takenPlaces = Dictionary(managed.unidentified.map { (tree.path(of: $0.parentIdentifier).appending($0.name), $0.identifier) },
                                     uniquingKeysWith: { first, _ in first })
        for index in decisions.indices { decisions[index].refuseTakenPlace(takenPlaces) }
        let originalPaths = tree.pathByIdentifier
        let wantedPaths = planGroups(for: decisions)
        for index in decisions.indices { planConnection(&decisions[index], originalPaths: originalPaths) }
        planEmptyGroupDeletion(decisions: decisions, wantedPaths: wantedPaths)

        for connection in input.observed where !tree.isManaged(connection.parentIdentifier) {
            guard let identity = connection.markedIdentity, desired[identity] != nil else { continue }
            notices.append("\(identity) also has a connection outside \"\(options.rootGroup)\" (#\(connection.identifier) \(connection.name)); it is left untouched")
        }
        let blockedNames = Dictionary(input.blocked.compactMap { entry in entry.guestName.map { (entry.identity, $0) } },
                                      uniquingKeysWith: { first, _ in first })
        let rows = decisions.map { row(for: $0, originalPaths: originalPaths, blockedGuestNames: blockedNames) }
        decisions = []  // released before the plan and its row index are built (10 MB at 10,000 guests)
        let unidentified = managed.unidentified.map {
            UnidentifiedConnection(identifier: $0.identifier, name: $0.name, path: originalPaths[$0.parentIdentifier] ?? .guacamoleRoot)
        }
        var plan = Plan(actions: Self.executionOrder(actions), rows: rows, unidentified: unidentified,
                        notices: notices, options: options)
        plan.ownedGroups = ownedGroups
        return plan
    }

    /// Every identity the plan decides on, sorted: the desired and blocked ones (never both, see `checkedDesired`), then
    /// those only Guacamole has. Built as an array: a set of them all grew to 65,536 slots at 10,000 guests (4 MB).
    private static func allIdentities(desired: [ConnectionIdentity: Int], blocked: [ConnectionIdentity: BlockedEntry.Reason],
                                      managed: ManagedConnections) -> [ConnectionIdentity] {
        var identities: [ConnectionIdentity] = []
        identities.reserveCapacity(desired.count + blocked.count + managed.copiesByIdentity.count / 8)
        identities.append(contentsOf: desired.keys)
        identities.append(contentsOf: blocked.keys.lazy.filter { desired[$0] == nil })
        for identity in managed.copiesByIdentity.keys where desired[identity] == nil && blocked[identity] == nil {
            identities.append(identity)
        }
        for identity in managed.ambiguous.keys
        where desired[identity] == nil && blocked[identity] == nil && managed.copiesByIdentity[identity] == nil {
            identities.append(identity)
        }
        return ConnectionIdentity.sortedInOrder(identities)
    }

    /// Desired connections by identity (their index in `input.desired`: the dictionary holds no copy of them), with
    /// duplicates and name clashes turned into blocked entries. An identity is in one of the two at most.
    private mutating func checkedDesired() -> ([ConnectionIdentity: Int], [ConnectionIdentity: BlockedEntry.Reason]) {
        var desired: [ConnectionIdentity: Int] = [:]
        var blocked: [ConnectionIdentity: BlockedEntry.Reason] = [:]
        var ownerOfPlace: [GroupPath: ConnectionIdentity] = [:]
        desired.reserveCapacity(input.desired.count)
        ownerOfPlace.reserveCapacity(input.desired.count)
        // Indices are sorted, not the connections (cheaper to move); ties keep the input order.
        // A place two entries want goes to the one that had it first (see `PlaceClaims`), never by vmid order.
        let claims = PlaceClaims(input: input, tree: tree)
        let identityOrder = ConnectionIdentity.ordinals(input.desired.map(\.identity))  // `<` order, compared as integers
        let order = input.desired.indices.sorted { a, b in
            let (rankA, rankB) = (claims.rank(a), claims.rank(b))
            if rankA != rankB { return rankA < rankB }
            let (x, y) = (identityOrder[a], identityOrder[b])
            return x < y || (x == y && a < b)
        }
        for index in order {
            let connection = input.desired[index]
            guard desired[connection.identity] == nil else {
                notices.append("\(connection.identity) is asked for twice; the first entry is used")
                continue
            }
            let place = claims.places[index]
            if let others = claims.undecided[index] {
                let names = others.map(\.description).joined(separator: ", ")
                blocked[connection.identity] = .invalidNotes(
                    "connection name \"\(TerminalText.escaped(place.description))\" is also wanted by \(names) and none of them had it before; give all but one of these entries another name (include {vmid} or {vmname} in the name template)")
                continue
            }
            if let owner = ownerOfPlace[place] {
                blocked[connection.identity] = .invalidNotes(
                    "connection name \"\(TerminalText.escaped(place.description))\" already belongs to \(owner); give this entry another name (include {proto} and {user} in the name template)")
                continue
            }
            ownerOfPlace[place] = connection.identity
            desired[connection.identity] = index
        }
        for entry in input.blocked where desired[entry.identity] == nil && blocked[entry.identity] == nil {
            blocked[entry.identity] = entry.reason
        }
        return (desired, blocked)
    }

    /// By phase, then depth, then subject (each key built once; indices are sorted, not the actions).
    static func executionOrder(_ actions: [PlanAction]) -> [PlanAction] {
        let phases = actions.map(\.phase)
        let depths = actions.map(\.batchDepth)
        let subjects = actions.map(\.subject)
        let order = actions.indices.sorted { a, b in
            if phases[a] != phases[b] { return phases[a] < phases[b] }
            if depths[a] != depths[b] { return depths[a] < depths[b] }
            if ConnectionParameters.byteOrder(subjects[a], subjects[b]) { return true }
            return !ConnectionParameters.byteOrder(subjects[b], subjects[a]) && a < b
        }
        return order.map { actions[$0] }
    }
}
