/// Progress of long work, reported after each step.
public struct ApplyProgress: Sendable, Hashable {
    public var completed: Int
    public var total: Int
    /// What is being worked on now, e.g. `creating web-01-rdp`.
    public var current: String

    public init(completed: Int, total: Int, current: String) {
        self.completed = completed
        self.total = total
        self.current = current
    }
}

/// What applying a plan (or deleting) did.
public struct ApplySummary: Sendable, Hashable {
    public var created: Int
    public var updated: Int
    public var deleted: Int
    /// Groups created and deleted (counted apart from connections).
    public var groupsCreated = 0
    public var groupsDeleted = 0
    /// One line per step that failed, naming what and why.
    public var failures: [String]
    /// One line per step that was done (`+ web01 (101)/web01/ssh`), for the result screen.
    public var changes: [String] = []
    /// True when the work was cancelled before the end; the counts say what was done.
    public var wasCancelled: Bool

    public init(created: Int = 0, updated: Int = 0, deleted: Int = 0, failures: [String] = [], wasCancelled: Bool = false) {
        self.created = created
        self.updated = updated
        self.deleted = deleted
        self.failures = failures
        self.wasCancelled = wasCancelled
    }

    /// Counts a successful step of `action` (on a group when `isGroup`).
    public mutating func record(_ action: PlanAction, isGroup: Bool = false) {
        if isGroup {
            switch action {
            case .create: groupsCreated += 1
            case .delete: groupsDeleted += 1
            default: break
            }
            return
        }
        switch action {
        case .create: created += 1
        case .update: updated += 1
        case .delete: deleted += 1
        case .unchanged, .skip: break
        }
    }
}

extension ApplySummary {
    /// "Connections: 4 created · 0 updated · 1 deleted · Failed 0".
    public var countsText: String {
        "Connections: \(created) created · \(updated) updated · \(deleted) deleted · Failed \(failures.count)"
    }

    /// "Groups: 3 created · 0 deleted", or nil when no group was created or deleted.
    public var groupsText: String? {
        groupsCreated + groupsDeleted > 0 ? "Groups: \(groupsCreated) created · \(groupsDeleted) deleted" : nil
    }
}
