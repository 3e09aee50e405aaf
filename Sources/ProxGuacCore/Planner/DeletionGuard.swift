/// The deletion guard: before anything is deleted, is the picture of Proxmox plausible?
///
/// An absence is not a deletion order. A token that lost `VM.Audit` gets an empty guest list (not an error),
/// a narrowed token or a typo in `sync.include` selects fewer guests, a proxy may answer `[]`: each looks
/// like deleted guests. The guard holds back every delete (connections and groups) of the run when
/// - no guest is selected after the filters while managed guest connections exist (lifted by `--allow-mass-delete`);
/// - the token's `VM.Audit` scope (`/`, `/vms`, `/pool/<pool>` holding it, read from `/access/permissions`)
///   is smaller than the one recorded by the last applying run, or cannot be read (lifted once by
///   `--accept-scope-change`, never by `--allow-mass-delete`: a lost privilege never deletes);
/// - the connection deletes exceed `sync.maxDeletes` (default: 10 or 20% of the managed connections,
///   whichever is larger; lifted by `--allow-mass-delete`).
/// Per-guest ACL paths (`/vms/<vmid>`) are not compared: Proxmox removes them together with a destroyed
/// guest, which is really gone. Creates and updates still apply. Pure: no I/O.
public enum DeletionGuard {
    public struct Input: Sendable, Hashable {
        /// Guests of `/cluster/resources` that the filters (other than status) select.
        public var selectedGuests: Int
        /// The scope recorded by the last applying run (nil: never recorded, e.g. an older state file).
        public var recordedScope: Set<String>?
        /// The scope now (nil: `/access/permissions` could not be read).
        public var currentScope: Set<String>?
        /// `sync.maxDeletes` (nil: the default).
        public var maxDeletes: Int?
        public var allowMassDelete: Bool
        public var acceptScopeChange: Bool

        public init(selectedGuests: Int, recordedScope: Set<String>?, currentScope: Set<String>?, maxDeletes: Int? = nil,
                    allowMassDelete: Bool = false, acceptScopeChange: Bool = false) {
            self.selectedGuests = selectedGuests
            self.recordedScope = recordedScope
            self.currentScope = currentScope
            self.maxDeletes = maxDeletes
            self.allowMassDelete = allowMassDelete
            self.acceptScopeChange = acceptScopeChange
        }
    }

    /// The `VM.Audit` scope in a `/access/permissions` answer (paths → privileges): the non-guest paths holding it.
    public static func auditScope(_ privilegesByPath: [String: Set<String>]) -> Set<String> {
        Set(privilegesByPath.compactMap { path, privileges in
            privileges.contains("VM.Audit") && !path.hasPrefix("/vms/") ? path : nil
        })
    }

    /// The default `sync.maxDeletes`: 10 connections or 20% of the managed ones, whichever is larger.
    public static func defaultLimit(managed: Int) -> Int { max(10, managed / 5) }

    /// The plan with its deletes held back when the guard says so (the decision is in `deletionGuard`),
    /// else the plan unchanged.
    public static func apply(to plan: Plan, _ input: Input) -> Plan {
        let deletes = plan.actions.filter(\.isDelete)
        guard !deletes.isEmpty, let reason = reason(plan: plan, deletes: deletes, input) else { return plan }
        return hold(deletes, of: plan, reason: reason)
    }

    /// The plan without `deletes`, their rows marked as held; a decision already made (another cluster's) is kept,
    /// its held deletes and this one's together.
    static func hold(_ deletes: [PlanAction], of plan: Plan, reason: Reason) -> Plan {
        let heldIdentities = Set(deletes.compactMap(\.identity))
        let rows = plan.rows.map { row in
            guard heldIdentities.contains(row.identity) else { return row }
            var held = row
            held.reason = row.reason + " (held back by the deletion guard)"
            held.stateUpdate = .keep
            return held
        }
        let decision = Decision(reason: reason, held: deletes)
        let removed = Set(deletes)
        var guarded = Plan(actions: plan.actions.filter { !removed.contains($0) }, rows: rows, unidentified: plan.unidentified,
                           notices: plan.notices + [decision.description], options: plan.options)
        if let earlier = plan.deletionGuard {
            guarded.deletionGuard = Decision(reason: earlier.reason, held: earlier.held + deletes, also: earlier.also + [reason])
        } else {
            guarded.deletionGuard = decision
        }
        return guarded
    }

    /// Why the deletes must wait, or nil when they may go ahead.
    static func reason(plan: Plan, deletes: [PlanAction], _ input: Input) -> Reason? {
        if !input.acceptScopeChange, let recorded = input.recordedScope {
            guard let current = input.currentScope else { return .scopeUnreadable }
            let lost = recorded.subtracting(current)
            if !lost.isEmpty { return .scopeShrank(lost: lost.sorted()) }
        }
        guard !input.allowMassDelete else { return nil }
        let guestDeletes = deletes.contains { $0.identity?.vmid != nil }
        if input.selectedGuests == 0 && guestDeletes { return .emptySelection }
        let connectionDeletes = deletes.filter { $0.phase == .deleteConnections }.count
        let managed = plan.rows.filter { $0.guacIdentifier != nil }.count
        let limit = input.maxDeletes ?? defaultLimit(managed: managed)
        if connectionDeletes > limit { return .tooMany(deletes: connectionDeletes, limit: limit) }
        return nil
    }

    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        case emptySelection
        case scopeShrank(lost: [String])
        case scopeUnreadable
        case tooMany(deletes: Int, limit: Int)
        /// One of several clusters: its reason, its deletes only (`cluster "lab"`).
        indirect case inCluster(String, Reason)

        /// Whether `--allow-mass-delete` lifts it (a lost or unreadable scope never is).
        public var liftedByMassDelete: Bool {
            switch self {
            case .emptySelection, .tooMany: true
            case .scopeShrank, .scopeUnreadable: false
            case .inCluster(_, let reason): reason.liftedByMassDelete
            }
        }

        public var description: String {
            switch self {
            case .emptySelection:
                "no guest is selected (an empty guest list, a narrowed token or a filter typo?); check sync.include/sync.exclude and the token, or run with --allow-mass-delete"
            case .scopeShrank(let lost):
                "the token no longer holds VM.Audit on \(lost.joined(separator: ", ")) (a lost privilege looks like deleted guests); restore it, or run once with --accept-scope-change if the narrowing is deliberate"
            case .scopeUnreadable:
                "the token's permissions (/access/permissions) could not be read, so a narrowed view cannot be ruled out; run again, or once with --accept-scope-change"
            case .tooMany(let deletes, let limit):
                "\(deletes) connections would be deleted, more than sync.maxDeletes (\(limit)); check the plan, then run with --allow-mass-delete or raise sync.maxDeletes"
            case .inCluster(let cluster, let reason):
                "\(cluster): \(reason)"
            }
        }
    }

    /// The guard's decision when it held deletes back.
    public struct Decision: Sendable, Hashable, CustomStringConvertible {
        public let reason: Reason
        /// The delete actions not carried out.
        public let held: [PlanAction]
        /// The reasons of further clusters whose deletes are held too (several clusters).
        public let also: [Reason]

        public init(reason: Reason, held: [PlanAction], also: [Reason] = []) {
            self.reason = reason
            self.held = held
            self.also = also
        }

        public var description: String {
            "deletion guard: \(held.count) delete\(held.count == 1 ? "" : "s") held back: "
                + ([reason] + also).map(\.description).joined(separator: "; ")
        }
    }
}

extension PlanAction {
    /// Deletes a connection or a group.
    public var isDelete: Bool { phase == .deleteConnections || phase == .deleteGroups }
}
