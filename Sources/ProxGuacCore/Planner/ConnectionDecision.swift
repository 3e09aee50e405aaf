/// What happens to one identity, decided from the three sides: the notes (desired), Guacamole
/// (observed copies) and the last-sync record. Group placement is settled afterwards by the planner.
struct ConnectionDecision {
    /// What to do. The connections involved are the decision's own `desired` and `keeper` (and an update's
    /// fields its `changedFields`): a case never repeats them, which keeps the 25,000 decisions of a
    /// 10,000-guest plan small (each repeated copy was about 220 bytes, inline).
    enum Work {
        case none
        /// Create `desired`.
        case create
        /// Write `desired` over `keeper` (`changedFields` names what differs).
        case update
        /// Fields are equal: nothing to write unless `keeper` must move to `desired`'s group.
        case align
        /// Delete `keeper`.
        case delete
        /// `--pull`: write `keeper`'s values into the notes.
        case pull(changes: [FieldChange], unpullable: [String])
    }

    let identity: ConnectionIdentity
    var statuses: [SyncStatus]
    var reason: String
    var work: Work
    /// Extra copies of the identity, deleted.
    var extras: [ObservedConnection]
    let keeper: ObservedConnection?
    let desired: DesiredConnection?
    /// The group path the notes ask for (root group path + the desired group names), built once.
    let wantedPath: GroupPath?
    var changedFields: [String]
    var stateUpdate: SyncStatusRow.StateUpdate

    /// The group path the connection ends up following, when the work puts it at its desired place.
    var desiredPath: GroupPath? {
        switch work {
        case .create, .update, .align: wantedPath
        case .none, .delete, .pull: nil
        }
    }

    static func decide(identity: ConnectionIdentity, desired: DesiredConnection?, blocked: BlockedEntry.Reason?,
                       copies: [ObservedConnection], record: SyncState.Record?, availability: GuestAvailability?,
                       options: PlanOptions, rootPath: GroupPath) -> ConnectionDecision {
        let keeper = copies.first
        var decision = ConnectionDecision(identity: identity, statuses: [], reason: "", work: .none,
                                          extras: Array(copies.dropFirst()), keeper: keeper, desired: desired,
                                          wantedPath: desired.map { GroupPath(rootPath.names + $0.groupNames) },
                                          changedFields: [], stateUpdate: .keep)
        if let desired {
            decision.decideDesired(desired, keeper: keeper, record: record, resolution: options.resolution)
            decision.enforceManagedAttributes()
        } else if let keeper {
            decision.decideUnwanted(keeper, blocked: blocked, availability: availability, options: options)
        } else {
            decision.decideAbsent(blocked: blocked)
        }
        if !decision.extras.isEmpty {
            let ids = decision.extras.map { "#\($0.identifier)" }.joined(separator: ", ")
            decision.statuses.insert(.duplicate, at: 0)
            decision.reason = "\(decision.extras.count + 1) copies: delete extra \(ids); " + decision.reason
        }
        return decision
    }

    /// The notes ask for the connection.
    private mutating func decideDesired(_ desired: DesiredConnection, keeper: ObservedConnection?,
                                        record: SyncState.Record?, resolution: DriftResolution) {
        guard let keeper else {
            statuses = [.missing]
            reason = record == nil ? "in the notes, not in Guacamole: create"
                : "deleted in Guacamole since the last sync: create it again"
            work = .create
            let hash = desired.fields.hash
            stateUpdate = .record(guacIdentifier: nil, desiredHash: hash, observedHash: hash)
            return
        }
        let desiredHash = desired.fields.hash
        let unchanged = desired.fields.hasSameBytes(as: keeper.fields)  // spares the second hash on most re-syncs
        let observedHash = unchanged ? desiredHash : keeper.fields.hash
        changedFields = unchanged ? [] : desired.fields.changedFieldNames(comparedTo: keeper.fields)
        let fields = changedFields.joined(separator: ", ")
        let pushed = SyncStatusRow.StateUpdate.record(guacIdentifier: keeper.identifier, desiredHash: desiredHash,
                                                      observedHash: desiredHash)

        guard desiredHash != observedHash else {
            statuses = [.ok]
            reason = "in sync"
            work = .align
            stateUpdate = .record(guacIdentifier: keeper.identifier, desiredHash: desiredHash, observedHash: observedHash)
            return
        }
        guard let record else {
            statuses = [.pveChanged]
            reason = "no last-sync record and Guacamole differs (\(fields)): the notes win, update Guacamole"
            work = .update
            stateUpdate = pushed
            return
        }
        let changedInProxmox = desiredHash != record.desiredHash
        let changedInGuacamole = observedHash != record.observedHash
        switch (changedInProxmox, changedInGuacamole) {
        case (_, false):
            // Also when neither changed: Guacamole stored the push differently; the notes are authoritative.
            statuses = [.pveChanged]
            reason = "changed in Proxmox (\(fields)): update Guacamole"
            work = .update
            stateUpdate = pushed
        case (false, true):
            statuses = [.guacDrift]
            resolveDrift(keeper: keeper, desired: desired, resolution: resolution, pushed: pushed,
                         what: "changed in Guacamole (\(fields))")
        case (true, true):
            statuses = [.conflict]
            resolveDrift(keeper: keeper, desired: desired, resolution: resolution, pushed: pushed,
                         what: "changed in both Proxmox and Guacamole (\(fields))")
        }
    }

    private mutating func resolveDrift(keeper: ObservedConnection, desired: DesiredConnection,
                                       resolution: DriftResolution, pushed: SyncStatusRow.StateUpdate, what: String) {
        switch resolution {
        case .report:
            reason = "\(what): left as is; run with --push to overwrite Guacamole or --pull to write it into the notes"
        case .push:
            reason = "\(what): --push overwrites Guacamole with the notes"
            work = .update
            stateUpdate = pushed
        case .pull:
            let unpullable = changedFields.filter { $0 == "name" || $0 == "protocol" }
            let changes = changedFields
                .filter { $0 != "name" && $0 != "protocol" && $0 != IdentityMarker.parameterName }
                .map { FieldChange(field: $0, value: keeper.parameters[$0]) }
            guard !changes.isEmpty else {
                reason = "\(what): the notes cannot hold \(unpullable.joined(separator: ", ")); run with --push to restore it"
                return
            }
            reason = "\(what): --pull writes it into the notes"
                + (unpullable.isEmpty ? "" : " (\(unpullable.joined(separator: ", ")) cannot be pulled)")
            work = .pull(changes: changes, unpullable: unpullable)
            let observedHash = keeper.fields.hash
            stateUpdate = .record(guacIdentifier: keeper.identifier, desiredHash: observedHash, observedHash: observedHash)
        }
    }

    /// Guacamole has the connection, the notes do not ask for it.
    private mutating func decideUnwanted(_ keeper: ObservedConnection, blocked: BlockedEntry.Reason?,
                                         availability: GuestAvailability?, options: PlanOptions) {
        switch (blocked, availability) {
        case (.invalidNotes(let problem)?, _):
            statuses = [.invalidNotes]
            reason = "notes entry cannot be used (\(problem)): kept untouched"
        case (.noAddress?, _), (nil, .noAddress?):
            statuses = [.noIP]
            reason = "no usable address found: kept untouched"
        case (nil, .nodeOffline(let node)?):
            statuses = [.unknownNode]
            reason = "node \(node) is offline: kept untouched"
        case (nil, .clusterNotConfigured(let cluster)?):
            statuses = [.unknownNode]
            reason = "\(cluster) is not in the config: kept untouched (never deleted on a guess)"
        case (nil, .clusterUnreadable(let cluster)?):
            statuses = [.unknownNode]
            reason = "\(cluster) could not be read: kept untouched (never deleted on a guess)"
        case (nil, .statusNotSelected(let status)?):
            statuses = [.ok]
            reason = "guest is \(status), which the status filter does not select: kept untouched (status decides only what is created)"
        case (nil, .invalidNotes(let diagnostics)?):
            statuses = [.invalidNotes]
            reason = "the notes have entries that cannot be used (\(diagnostics.joined(separator: "; "))): kept untouched"
        case (nil, .known?), (nil, nil):
            statuses = [.orphan]
            let why = availability == nil ? "\(identity.source) no longer exists or is not selected"
                : "entry removed from the notes"
            if options.deleteOrphans {
                reason = "\(why): delete"
                work = .delete
                stateUpdate = .remove
            } else {
                reason = "\(why): kept because sync.deleteOrphans is off"
            }
        }
    }

    /// Neither side has a connection: only blocked entries get here.
    private mutating func decideAbsent(blocked: BlockedEntry.Reason?) {
        switch blocked {
        case .invalidNotes(let problem)?:
            statuses = [.invalidNotes]
            reason = "notes entry cannot be used (\(problem)): not created"
        case .noAddress?, nil:
            statuses = [.noIP]
            reason = "no usable address found: not created"
        }
        stateUpdate = .remove
    }
}
