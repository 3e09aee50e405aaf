import ProxGuacCore

/// The seam between the terminal UI and whatever does the real work (the sync engine, or the demo data).
///
/// Every call may throw; the UI shows the error's `description` as one line, so errors should name what
/// is wrong and how to fix it. Long calls (`apply`, `delete`, `encryptPasswords`) report progress and must stop
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
    /// Counts the plain-text passwords in the notes of these guests (every cluster's guests when `guests` is nil),
    /// and says whether they can be encrypted now (a key is configured).
    func plainPasswords(in guests: [GuestKey]?) async throws -> NotesEncryptionPreview
    /// Encrypts every plain password in the notes of these guests, in place, each write protected by the
    /// config digest (an edit made meanwhile is re-read, never overwritten), each value bound to its guest, user
    /// and (when named) cluster. Progress counts guests.
    func encryptPasswords(in guests: [GuestKey], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> NotesEncryptionSummary
    /// Guests whose notes hold no credential entry (the Add screen's `e`: type one for them).
    func guestsWithoutEntries(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow]
    /// Appends the entry to each guest's notes (config digest; encrypted and bound when a key is set);
    /// one line per guest written.
    func writeEntry(_ entry: NewNotesEntry) async throws -> [String]
    /// Logs in to Proxmox VE and Guacamole; one line per check.
    func testAuth() async throws -> [String]
    /// Finds guests on the network (all guests when `mac` is nil); one line per finding.
    func testNetwork(mac: String?) async throws -> [String]

    /// The same, reporting how many guests were read so far (the loading count); optional.
    func guests(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow]
    func plan(for scope: PlanScope, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview
    func managedTree(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [TreeNode]
    /// The plan with the deletion guard's empty-selection and size checks lifted (the typed confirmation,
    /// as `--allow-mass-delete`); never the shrunken-view check. Backends without a guard plan as usual.
    func plan(for scope: PlanScope, allowingMassDelete: Bool, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview
    func statusRows(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [StatusRow]
}

extension TUIBackend {
    public func guests(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow] { try await guests() }
    public func plan(for scope: PlanScope, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview {
        try await plan(for: scope)
    }
    public func managedTree(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [TreeNode] { try await managedTree() }
    public func guestsWithoutEntries(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow] { [] }
    public func writeEntry(_ entry: NewNotesEntry) async throws -> [String] {
        throw NewEntryUnsupported()
    }
    public func plan(for scope: PlanScope, allowingMassDelete: Bool,
                     progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview {
        try await plan(for: scope, progress: progress)
    }
    public func statusRows(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [StatusRow] { try await statusRows() }
}

extension ApplyProgress {
    /// `reading 312/1000 guests`, while Proxmox VE is read.
    public static func reading(_ read: Int, of total: Int) -> ApplyProgress {
        ApplyProgress(completed: read, total: total, current: "reading \(read)/\(total) guests")
    }
}

/// A backend that cannot write notes (the demo data).
struct NewEntryUnsupported: Error, CustomStringConvertible {
    var description: String { "writing notes entries is not available here; use proxguac add --user --protocols --password-file" }
}
