/// The result of planning: actions in dependency order, one status row per identity, and notices.
///
/// Nothing has changed when a plan exists: it is shown to the user (`renderText()`, `jsonDocument()`),
/// then applied by ProxGuacSync batch by batch (`batches`).
public struct Plan: Sendable, Hashable {
    /// All actions, sorted by phase; inside a phase, by group depth (parents first when creating or
    /// moving groups) and then by path and name. Independent actions within one batch may be sent
    /// together (one Guacamole PATCH per batch on 1.6).
    public let actions: [PlanAction]
    /// One row per identity, sorted by identity.
    public let rows: [SyncStatusRow]
    /// Connections under the root group that could not be identified (left untouched).
    public let unidentified: [UnidentifiedConnection]
    /// Other things the user should know (one line each, no secrets), e.g. name collisions.
    public let notices: [String]
    public let options: PlanOptions
    /// Set when the deletion guard held this plan's deletes back (see `DeletionGuard`).
    public internal(set) var deletionGuard: DeletionGuard.Decision?
    /// Existing groups proxguac owns (recorded in the state, or recognised as its per-guest groups).
    public internal(set) var ownedGroups: Set<String> = []
    private let rowIndex: [ConnectionIdentity: Int]

    public init(actions: [PlanAction], rows: [SyncStatusRow], unidentified: [UnidentifiedConnection],
                notices: [String], options: PlanOptions) {
        self.actions = actions
        self.rows = rows
        self.unidentified = unidentified
        self.notices = notices
        self.options = options
        // Sized up front, without a list of pairs first: grown from a sequence it took twice the slots (4.7 MB at 10,000 guests).
        var rowIndex: [ConnectionIdentity: Int] = [:]
        rowIndex.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() where rowIndex[row.identity] == nil { rowIndex[row.identity] = index }
        self.rowIndex = rowIndex
    }

    /// True when applying would change nothing in Guacamole or in the notes.
    public var isEmpty: Bool { actions.isEmpty }

    /// Actions split into batches that must run in order; actions inside one batch do not depend
    /// on each other. Group creations and moves get one batch per depth (parents first).
    public var batches: [[PlanAction]] {
        var result: [[PlanAction]] = []
        var key: (PlanAction.Phase, Int)?
        for action in actions {
            let actionKey = (action.phase, action.batchDepth)
            if let key, key == actionKey {
                result[result.count - 1].append(action)
            } else {
                result.append([action])
                key = actionKey
            }
        }
        return result
    }

    /// Actions of one phase.
    public func actions(in phase: PlanAction.Phase) -> [PlanAction] { actions.filter { $0.phase == phase } }

    /// The row of an identity.
    public func row(for identity: ConnectionIdentity) -> SyncStatusRow? { rowIndex[identity].map { rows[$0] } }

    /// Number of rows per status (main status).
    public var statusCounts: [SyncStatus: Int] {
        rows.reduce(into: [:]) { counts, row in counts[row.status, default: 0] += 1 }
    }
}

extension PlanAction {
    /// Depth used to split group phases into batches (0 for phases that need no split).
    var batchDepth: Int {
        switch operation {
        case .createGroup(let path, _): path.depth
        case .moveGroup(_, _, let to, _): to.depth
        default: 0
        }
    }
}
