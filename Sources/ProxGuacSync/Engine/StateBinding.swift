import ProxGuacCore

/// The state file's `server` record through a run: checked against the Guacamole in use before planning,
/// prepared for the next state after planning, completed with the groups this run created and deleted.
enum StateBinding {
    /// The state to plan against. A state written for another Guacamole URL, data source or root group
    /// is refused (its numeric identifiers would name someone else's connections) unless `rebind`, which
    /// drops every record, owned group and scope: ownership is then re-derived from the `proxguac-id` markers only.
    /// A state without a `server` record (older files) is taken as this server's.
    static func bound(_ state: SyncState, to binding: SyncStateServer, rebind: Bool) throws(SyncStateBindingError) -> SyncState {
        guard let recorded = state.server, !recorded.binds(binding) else { return state }
        guard rebind else { throw SyncStateBindingError(recorded: describe(recorded), current: describe(binding)) }
        // No record at all: groups are recognised from the markers as for a lost state file, and the next
        // applying run records the binding, the groups and the token's scope.
        return SyncState()
    }

    static func describe(_ server: SyncStateServer) -> String {
        "\(server.guacamoleURL) (data source \(server.dataSource), root group \"\(server.rootGroup)\")"
    }

    /// The `server` record the state gets when this plan is applied (before its group creates and deletes):
    /// the binding, the `VM.Audit` scope (the one read now unless it shrank without `--accept-scope-change`
    /// or could not be read), and the owned groups that still exist plus those the planner recognised.
    static func next(_ binding: SyncStateServer, state: SyncState, plan: Plan, observed: GuacamoleSnapshot,
                     scopes: [DeletionGuard.ClusterInput], acceptScopeChange: Bool) -> SyncStateServer {
        var next = binding
        // A cluster not read this run (several clusters, one down) keeps its recorded scope.
        next.auditScope = state.server?.auditScope
        next.auditScopes = state.server?.auditScopes ?? [:]
        for scope in scopes {
            let recorded = scope.recordedScope
            if let current = scope.currentScope {
                let shrank = recorded.map { !$0.subtracting(current).isEmpty } ?? false
                next.setAuditScope(shrank && !acceptScopeChange ? recorded : current, of: scope.cluster)
            } else {
                next.setAuditScope(recorded, of: scope.cluster)
            }
        }
        let existing = Set(observed.groups.map(\.identifier))
        next.groups = (state.server?.groups ?? []).union(plan.ownedGroups).intersection(existing)
        return next
    }

    /// `server` after applying: groups created by this run are owned, deleted ones are forgotten.
    static func afterApply(_ server: SyncStateServer?, report: ApplyReport) -> SyncStateServer? {
        guard var server else { return nil }
        server.groups.formUnion(report.createdGroups.values)
        for action in report.applied {
            if case .deleteGroup(let identifier, _) = action.operation { server.groups.remove(identifier) }
        }
        return server
    }
}
