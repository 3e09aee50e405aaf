/// The seam between the terminal UI and whatever does the real work (the sync engine, or the demo data).
///
/// Every call may throw; the UI shows the error's `description` as one line, so errors should name what
/// is wrong and how to fix it. Long calls (`apply`, `delete`, `encryptNotes`) report progress and must stop
/// promptly when their task is cancelled, returning a summary with `wasCancelled` set (or throwing
/// `CancellationError`); the work already done stays done and is listed in the summary.
public protocol TUIBackend: Sendable {
    /// Guests that have credential entries in their notes, with their current sync status.
    func guests() async throws -> [GuestRow]
    /// What a sync of `scope` would change, without changing anything.
    func plan(for scope: PlanScope) async throws -> PlanPreview
    /// Applies a plan previously returned by `plan(for:)`.
    func apply(plan: PlanPreview, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary
    /// The Guacamole groups and connections that proxguac manages.
    func managedTree() async throws -> [TreeNode]
    /// Deletes the managed connections and groups with these `TreeNode.id`s.
    func delete(ids: [String], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary
    /// One row per managed (or expected) connection, with why it is or is not in sync.
    func statusRows() async throws -> [StatusRow]
    /// Repairs one out-of-sync row; returns a one-line result for the status bar.
    func repair(row: StatusRow, direction: RepairDirection) async throws -> String
    /// Which notes still hold plain-text passwords, as a plan of `update` lines.
    func encryptNotesPreview() async throws -> PlanPreview
    /// Encrypts the passwords listed in `plan` inside the guests' notes.
    func encryptNotes(plan: PlanPreview, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary
    /// Logs in to Proxmox VE and Guacamole; one line per check.
    func testAuth() async throws -> [String]
    /// Finds guests on the network (all guests when `mac` is nil); one line per finding.
    func testNetwork(mac: String?) async throws -> [String]
}
