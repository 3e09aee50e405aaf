/// Who has the better claim to a place (group path + connection name) that two desired connections want.
///
/// Settled by history, never by vmid order: the connection already sitting at the place (by marker, or by
/// the state's record of its Guacamole identifier) comes first, then identities the state knows, then new
/// ones. So a note cannot take over another guest's place, and an entry that owned its place is never
/// blocked by a newcomer. When history cannot tell (the best claim is shared by entries of several guests,
/// e.g. two new ones), nobody gets the place: all of them are blocked until an admin renames one.
/// Only places wanted twice are looked at (the common case costs one pass).
struct PlaceClaims {
    /// Rank per index of `input.desired` (0 holds the place, 1 known to the state, 2 new or no contest).
    private var ranks: [Int]
    /// The place of each entry of `input.desired`, by index.
    let places: [GroupPath]
    /// Indices whose best claim is shared with other identities, with those identities (sorted).
    private(set) var undecided: [Int: [ConnectionIdentity]] = [:]

    init(input: PlanInput, tree: GroupTree) {
        ranks = Array(repeating: 2, count: input.desired.count)
        places = input.desired.map { Self.place($0, tree: tree) }
        var wanted: [GroupPath: [Int]] = [:]
        wanted.reserveCapacity(places.count)
        for (index, place) in places.enumerated() {
            wanted[place, default: []].append(index)
        }
        let contested = wanted.filter { $0.value.count > 1 }
        guard !contested.isEmpty else { return }
        var observedAt: [GroupPath: [ObservedConnection]] = [:]
        for connection in input.observed where tree.isManaged(connection.parentIdentifier) {
            let place = tree.path(of: connection.parentIdentifier).appending(connection.name)
            if contested[place] != nil { observedAt[place, default: []].append(connection) }
        }
        for (place, indices) in contested {
            let sitting = observedAt[place] ?? []
            for index in indices {
                let identity = input.desired[index].identity
                let record = input.state.records[identity]
                let holds = sitting.contains { $0.markedIdentity == identity || $0.identifier == record?.guacIdentifier }
                ranks[index] = holds ? 0 : (record != nil ? 1 : 2)
            }
            let best = indices.map { ranks[$0] }.min() ?? 2
            let top = indices.filter { ranks[$0] == best }
            let identities = Set(top.map { input.desired[$0].identity })
            // Entries of one guest are settled by its own notes (the order below); only guests compete.
            guard Set(identities.map(\.source)).count > 1 else { continue }
            for index in top {
                undecided[index] = identities.subtracting([input.desired[index].identity]).sorted()
            }
        }
    }

    func rank(_ index: Int) -> Int { ranks[index] }

    static func place(_ connection: DesiredConnection, tree: GroupTree) -> GroupPath {
        GroupPath(tree.rootPath.names + connection.groupNames).appending(connection.name)
    }
}
