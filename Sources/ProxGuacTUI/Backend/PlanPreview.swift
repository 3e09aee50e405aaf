import ProxGuacCore

/// Which guests a plan covers.
public enum PlanScope: Sendable, Hashable {
    /// Only these guests (the Add screen's selection, by cluster and vmid); never deletes anything else.
    case guests([GuestKey])
    /// Everything, as `proxguac auto` would do it, including removal of orphans.
    case everything
}

/// What one line of a plan does.
public enum PlanAction: String, Sendable, Hashable, CaseIterable {
    case create, update, delete, unchanged, skip

    /// The heading the plan view shows above this action's lines.
    public var heading: String {
        switch self {
        case .create: "Create"
        case .update: "Update"
        case .delete: "Delete"
        case .unchanged: "Unchanged"
        case .skip: "Skipped"
        }
    }

    /// Whether applying a line of this action changes anything.
    public var changesSomething: Bool { self == .create || self == .update || self == .delete }
}

/// One line of a plan: what happens to which connection, and why.
public struct PlanLine: Sendable, Hashable {
    public var action: PlanAction
    /// The connection or guest the line is about, e.g. `web-01-rdp`.
    public var subject: String
    /// Details, e.g. `rdp://198.51.100.11:3389` or `no IPv4: start the guest`.
    public var detail: String
    /// True for a connection group (counted apart from connections).
    public var isGroup: Bool

    public init(action: PlanAction, subject: String, detail: String, isGroup: Bool = false) {
        self.action = action
        self.subject = subject
        self.detail = detail
        self.isGroup = isGroup
    }
}

/// A plan as the UI shows it before asking to apply.
public struct PlanPreview: Sendable, Hashable {
    public var scope: PlanScope
    public var lines: [PlanLine]
    /// Rows the plan leaves alone until someone picks a side (changed in Guacamole, conflicts).
    public var undecided = 0
    /// Deletes the deletion guard held back (not among `lines`' deletes), nil when none were.
    public var heldDeletes: HeldDeletes?
    /// The plan was made with the guard's empty-selection and size checks lifted (a typed confirmation).
    public var massDeleteAllowed = false

    public init(scope: PlanScope, lines: [PlanLine]) {
        self.scope = scope
        self.lines = lines
    }

    public func count(of action: PlanAction) -> Int { lines.count { $0.action == action } }
    /// How many lines change something when applied.
    public var changeCount: Int { lines.count { $0.action.changesSomething } }
    public var isEmpty: Bool { changeCount == 0 }
    /// The lines of one action, in plan order.
    public func lines(of action: PlanAction) -> [PlanLine] { lines.filter { $0.action == action } }
}
