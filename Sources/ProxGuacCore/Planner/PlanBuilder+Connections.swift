extension PlanBuilder {
    /// Turns a decision into connection actions, now that group references are known.
    mutating func planConnection(_ decision: inout ConnectionDecision, originalPaths: [String: GroupPath]) {
        let identity = decision.identity
        for extra in decision.extras {
            actions.append(PlanAction(.deleteConnection(identifier: extra.identifier, identity: identity,
                                                        path: originalPaths[extra.parentIdentifier] ?? .guacamoleRoot, name: extra.name),
                                      reason: "extra copy of \(identity)"))
        }
        switch decision.work {
        case .none:
            break
        case .create:
            guard let desired = decision.desired else { break }
            let path = decision.wantedPath ?? GroupPath(tree.rootPath.names + desired.groupNames)
            actions.append(PlanAction(.createConnection(identity: identity, fields: desired.fields, path: path, parent: tree.reference(to: path)),
                                      reason: decision.reason))
            planGrant(.connection(.planned(identity)), what: "connection \(path.appending(desired.name))")
        case .update:
            guard let keeper = decision.keeper, let desired = decision.desired else { break }
            let path = decision.wantedPath ?? GroupPath(tree.rootPath.names + desired.groupNames)
            if tree.path(of: keeper.parentIdentifier) != path { decision.changedFields.append("group") }
            let fields = ManagedAttributes.merged(desired: desired.fields, observed: keeper.fields)
            actions.append(PlanAction(.updateConnection(identifier: keeper.identifier, identity: identity, fields: fields,
                                                        path: path, parent: tree.reference(to: path), changedFields: decision.changedFields),
                                      reason: decision.reason))
        case .align:
            guard let keeper = decision.keeper, let desired = decision.desired else { break }
            let path = decision.wantedPath ?? GroupPath(tree.rootPath.names + desired.groupNames)
            guard tree.path(of: keeper.parentIdentifier) != path else { break }
            decision.statuses[decision.statuses.count - 1] = .pveChanged
            decision.reason = decision.extras.isEmpty ? "group changed: move to \(path)" : decision.reason + "; move to \(path)"
            decision.changedFields = ["group"]
            decision.work = .update
            let fields = ManagedAttributes.merged(desired: desired.fields, observed: keeper.fields)
            actions.append(PlanAction(.updateConnection(identifier: keeper.identifier, identity: identity, fields: fields,
                                                        path: path, parent: tree.reference(to: path), changedFields: ["group"]),
                                      reason: "group changed: move to \(path)"))
        case .delete:
            guard let keeper = decision.keeper else { break }
            actions.append(PlanAction(.deleteConnection(identifier: keeper.identifier, identity: identity,
                                                        path: originalPaths[keeper.parentIdentifier] ?? .guacamoleRoot, name: keeper.name),
                                      reason: decision.reason))
        case .pull(let changes, let unpullable):
            guard let keeper = decision.keeper else { break }
            actions.append(PlanAction(.pullIntoNotes(identity: identity, guacIdentifier: keeper.identifier, changes: changes,
                                                     unpullable: unpullable),
                                      reason: decision.reason))
        }
    }

    /// Grants READ on a created object when `sync.grant` names anyone.
    mutating func planGrant(_ target: PlanAction.GrantTarget, what: String) {
        guard !options.grantUsers.isEmpty || !options.grantGroups.isEmpty else { return }
        actions.append(PlanAction(.grantRead(target: target, users: options.grantUsers, userGroups: options.grantGroups),
                                  reason: "sync.grant: READ on new \(what)"))
    }

    /// The status row of a decision.
    /// - Parameter blockedGuestNames: guest names of entries that could not be built (no-ip, invalid-notes):
    ///   such a row has no connection name, so it is named `<guest>: <user> <proto>` instead.
    func row(for decision: ConnectionDecision, originalPaths: [String: GroupPath],
             blockedGuestNames: [ConnectionIdentity: String] = [:]) -> SyncStatusRow {
        let path: GroupPath
        if let wanted = decision.desiredPath {
            path = wanted
        } else if let keeper = decision.keeper {
            path = originalPaths[keeper.parentIdentifier] ?? .guacamoleRoot
        } else {
            path = tree.rootPath
        }
        let blockedGuest = blockedGuestNames[decision.identity]
        let blockedName = blockedGuest.map { "\($0): \(decision.identity.username) \(decision.identity.protocolName)" }
        return SyncStatusRow(identity: decision.identity, statuses: decision.statuses, reason: decision.reason,
                             name: decision.desired?.name ?? decision.keeper?.name ?? blockedName ?? decision.identity.key, path: path,
                             guestName: decision.desired?.guestName ?? blockedGuest, guacIdentifier: decision.keeper?.identifier,
                             changedFields: decision.changedFields, stateUpdate: decision.stateUpdate)
    }
}
