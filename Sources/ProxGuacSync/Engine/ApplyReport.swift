import ProxGuacCore

/// One plan action that could not be carried out (one line, never a secret).
public struct ApplyFailure: Sendable, Hashable, CustomStringConvertible {
    public let action: PlanAction
    public let message: String

    public init(action: PlanAction, message: String) {
        self.action = action
        self.message = message
    }

    public var description: String { "\(action.phase) \(action.subject): \(message)" }
}

/// What applying a plan did.
public struct ApplyReport: Sendable {
    /// Actions carried out, in the order they finished.
    public var applied: [PlanAction] = []
    public var failures: [ApplyFailure] = []
    /// Identifiers Guacamole gave to created connections.
    public var createdConnections: [ConnectionIdentity: String] = [:]
    /// Identifiers Guacamole gave to created groups.
    public var createdGroups: [GroupPath: String] = [:]
    /// Problems saving the state file or the audit log (the Guacamole changes did happen).
    public var localProblems: [String] = []
    /// The run was cancelled before every batch ran.
    public var wasCancelled = false

    public init() {}

    /// True when every action succeeded and the state was saved.
    public var isComplete: Bool { failures.isEmpty && localProblems.isEmpty && !wasCancelled }

    /// Identities with a failed action (their old state record is kept).
    public var failedIdentities: Set<ConnectionIdentity> { Set(failures.compactMap(\.action.identity)) }

    /// Identities of `plan` whose actions did not all succeed (failed, or not run after a cancel).
    public func unfinishedIdentities(of plan: Plan) -> Set<ConnectionIdentity> {
        let applied = Set(applied.compactMap(\.identity))
        return failedIdentities.union(Set(plan.actions.compactMap(\.identity)).subtracting(applied))
    }

    /// `3 applied, 1 failed`.
    public var summary: String {
        "\(applied.count) applied, \(failures.count) failed"
    }
}
