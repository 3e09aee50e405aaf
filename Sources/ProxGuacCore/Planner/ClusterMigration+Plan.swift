/// The migration's marker rewrites as plan actions: one update per connection, writing the connection back as
/// it was read with only its `proxguac-id` changed (same identifier, name, group, parameters, attributes and
/// permissions). A connection the plan already updates gets the new marker with that update; one it deletes
/// needs none.
extension ClusterMigration {
    /// Reason of a rewrite action, and the audit log's action name for it.
    public static let auditAction = "migrate-marker"

    /// - Parameters:
    ///   - plan: made against ``migrated(_:)`` Guacamole and ``migrated(_:observed:)`` state.
    ///   - migrated: Guacamole's connections with the markers already rewritten (what is written back).
    ///   - groups: Guacamole's groups (for the paths shown).
    public func addingRewrites(to plan: Plan, migrated: [ObservedConnection], groups: [ObservedGroup]) -> Plan {
        guard !rewrites.isEmpty else { return plan }
        var written: Set<String> = []
        for action in plan.actions {
            switch action.operation {
            case .updateConnection(let identifier, _, _, _, _, _), .deleteConnection(let identifier, _, _, _): written.insert(identifier)
            default: break
            }
        }
        let tree = GroupTree(groups: groups, rootName: plan.options.rootGroup)
        let byIdentifier = Dictionary(migrated.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        var added: [PlanAction] = []
        for rewrite in rewrites where !written.contains(rewrite.identifier) {
            guard let connection = byIdentifier[rewrite.identifier] else { continue }
            added.append(PlanAction(
                .updateConnection(identifier: connection.identifier, identity: rewrite.to, fields: connection.fields,
                                  path: tree.path(of: connection.parentIdentifier),
                                  parent: .existing(identifier: connection.parentIdentifier),
                                  changedFields: [IdentityMarker.parameterName]),
                reason: "\(Self.auditAction): \(rewrite.from) → \(rewrite.to) (the same connection, its marker rewritten in place)"))
        }
        var result = Plan(actions: PlanBuilder.executionOrder(plan.actions + added), rows: plan.rows, unidentified: plan.unidentified,
                          notices: plan.notices + notices, options: plan.options)
        result.deletionGuard = plan.deletionGuard
        result.ownedGroups = plan.ownedGroups
        return result
    }
}

extension PlanAction {
    /// True for a ``ClusterMigration`` marker rewrite: an update that changes nothing but the `proxguac-id` marker.
    public var isMarkerRewrite: Bool {
        if case .updateConnection(_, _, _, _, _, let changed) = operation { return changed == [IdentityMarker.parameterName] }
        return false
    }
}
