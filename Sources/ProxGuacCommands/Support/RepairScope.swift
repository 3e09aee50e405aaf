import ProxGuacCore
import ProxGuacSync
import ProxGuacTUI

/// What a repair from the List screen may apply: the actions of one row, and only if every one of them
/// goes the chosen way. A pull writes Guacamole's values into the notes and nothing else; a push changes
/// Guacamole and never the notes. When the row needs anything else, nothing is applied and the error says why.
enum RepairScope {
    static func scoped(_ plan: Plan, row: SyncStatusRow, direction: RepairDirection) throws(CommandFailure) -> ScopedPlan {
        let actions = plan.actions.filter { $0.identity == row.identity }
        guard !actions.isEmpty else {
            throw CommandFailure("\(row.name): nothing to \(direction.rawValue) (\(row.status)); nothing was changed")
        }
        let wrongWay = actions.filter { ($0.phase == .pullIntoNotes) != (direction == .pull) }
        if let first = wrongWay.first {
            throw CommandFailure(refusal(row: row, direction: direction, action: first))
        }
        return ScopedPlan(plan, identities: [row.identity])
    }

    /// Why a repair in `direction` does not fit the row, and what does.
    private static func refusal(row: SyncStatusRow, direction: RepairDirection, action: ProxGuacCore.PlanAction) -> String {
        let name = row.name
        guard direction == .pull else {
            return "\(name): a push cannot write into the notes; nothing was changed (l pulls)"
        }
        switch action.phase {
        case .deleteConnections:
            return "\(name) is an orphan: no notes entry to pull into; nothing was changed (p deletes it from Guacamole)"
        case .createConnections:
            return "\(name) is not in Guacamole: nothing to pull; nothing was changed (p creates it from the notes)"
        case .updateConnections:
            return "\(name) changed in the notes: a pull would undo that edit; nothing was changed (p pushes the notes)"
        default:
            return "\(name): a pull would also \(action.phase) in Guacamole; nothing was changed"
        }
    }
}
