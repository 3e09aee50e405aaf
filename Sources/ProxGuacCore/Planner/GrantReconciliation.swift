/// `sync.grant` on every run (issue #15): every managed connection and group that exists in Guacamole gets
/// READ for each configured user and user group that lacks it. Grants are only ever added, never removed
/// (hand-added ones stay); a grant that failed is simply missing on the next run and is planned again.
public enum GrantReconciliation {
    /// READ already held by one grantee: connection and group identifiers.
    public struct Held: Sendable, Hashable {
        public var connections: Set<String>
        public var groups: Set<String>

        public init(connections: Set<String> = [], groups: Set<String> = []) {
            self.connections = connections
            self.groups = groups
        }
    }

    /// `plan` with a `grantRead` action for every existing managed connection or group some grantee lacks READ on.
    /// - Parameters:
    ///   - users / userGroups: READ held per grantee; a grantee missing here (unreadable) is left out.
    public static func reconciled(_ plan: Plan, observed: [ObservedConnection], groups: [ObservedGroup], rootGroup: String,
                                  users: [String: Held], userGroups: [String: Held], permissions: [String] = ["READ"]) -> Plan {
        guard !users.isEmpty || !userGroups.isEmpty else { return plan }
        let tree = GroupTree(groups: groups, rootName: rootGroup)
        var deleted: Set<String> = []
        var deletedGroups: Set<String> = []
        var alreadyGranted: Set<PlanAction.GrantTarget> = []
        for action in plan.actions {
            switch action.operation {
            case .deleteConnection(let identifier, _, _, _): deleted.insert(identifier)
            case .deleteGroup(let identifier, _): deletedGroups.insert(identifier)
            case .grantRead(let target, _, _): alreadyGranted.insert(target)
            default: break
            }
        }
        var extra: [PlanAction] = []
        func grant(_ target: PlanAction.GrantTarget, _ what: String, holds: (Held) -> Bool) {
            guard !alreadyGranted.contains(target) else { return }
            let missingUsers = users.filter { !holds($0.value) }.keys.sorted()
            let missingGroups = userGroups.filter { !holds($0.value) }.keys.sorted()
            guard !missingUsers.isEmpty || !missingGroups.isEmpty else { return }
            let who = (missingUsers + missingGroups.map { "group \($0)" }).joined(separator: ", ")
            extra.append(PlanAction(.grantRead(target: target, users: missingUsers, userGroups: missingGroups),
                                    reason: "sync.grant: \(permissions.joined(separator: ", ")) missing on \(what) for \(who)"))
        }
        for group in groups.sorted(by: { ManagedConnections.identifierOrder($0.identifier, $1.identifier) })
        where tree.isManaged(group.identifier) && !deletedGroups.contains(group.identifier) {
            grant(.group(.existing(identifier: group.identifier)), "group \(tree.path(of: group.identifier))") {
                $0.groups.contains(group.identifier)
            }
        }
        for connection in observed.sorted(by: { ManagedConnections.identifierOrder($0.identifier, $1.identifier) })
        where tree.isManaged(connection.parentIdentifier) && connection.markedIdentity != nil && !deleted.contains(connection.identifier) {
            grant(.connection(.existing(identifier: connection.identifier)),
                 "connection \(tree.path(of: connection.parentIdentifier).appending(connection.name))") {
                $0.connections.contains(connection.identifier)
            }
        }
        guard !extra.isEmpty else { return plan }
        // Keep the phase order: the new grants go after the planned ones, before deleting groups.
        let insertAt = plan.actions.firstIndex { $0.phase > .grants } ?? plan.actions.count
        var actions = plan.actions
        actions.insert(contentsOf: extra, at: insertAt)
        return Plan(actions: actions, rows: plan.rows, unidentified: plan.unidentified, notices: plan.notices, options: plan.options)
    }
}
