import ProxGuacCore

/// A plan cut down to some identities (the menus' "sync these guests", "repair this row").
public struct ScopedPlan: Sendable {
    public let plan: Plan
    /// Identities left out: their state records must be kept (`SyncEngine.apply(_:keeping:)`).
    public let leftOut: Set<ConnectionIdentity>

    /// Keeps the connection actions of `identities`, the group creations and moves they need, and grants
    /// on what is kept. Group deletions are dropped (Guacamole deletes a group with its contents).
    public init(_ plan: Plan, identities: Set<ConnectionIdentity>) {
        let kept = plan.actions.filter { action in action.identity.map(identities.contains) ?? false }
        var neededPaths: Set<GroupPath> = []
        for action in kept {
            switch action.operation {
            case .createConnection(_, _, let path, _), .updateConnection(_, _, _, let path, _, _):
                var current: GroupPath? = path
                while let next = current, next.depth > 0 {
                    neededPaths.insert(next)
                    current = next.parent
                }
            default: break
            }
        }
        let groups = plan.actions.filter { action in
            switch action.operation {
            case .createGroup(let path, _): neededPaths.contains(path)
            case .moveGroup(_, _, let to, _): neededPaths.contains(to)
            case .grantRead(.group(.planned(let path)), _, _): neededPaths.contains(path)
            default: false
            }
        }
        let actions = plan.actions.filter { action in kept.contains(action) || groups.contains(action) }
        self.plan = Plan(actions: actions, rows: plan.rows, unidentified: plan.unidentified, notices: plan.notices,
                         options: plan.options)
        leftOut = Set(plan.rows.map(\.identity)).subtracting(identities)
    }
}
