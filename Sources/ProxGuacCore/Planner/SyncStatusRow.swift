/// The outcome for one managed identity: its status, why, and what the state file records after apply.
/// This is also the row of `proxguac list`.
public struct SyncStatusRow: Sendable, Hashable, CustomStringConvertible {
    public let identity: ConnectionIdentity
    /// All statuses that apply, most important first (e.g. `[duplicate, pve-changed]`).
    public let statuses: [SyncStatus]
    /// One line for the user; names fields, never values.
    public internal(set) var reason: String
    /// Connection name (desired when known, else as in Guacamole).
    public let name: String
    /// Where the connection is (or will be).
    public let path: GroupPath
    /// The guest's name, when known from the notes.
    public let guestName: String?
    /// Guacamole identifier of the kept copy, nil when it does not exist (yet).
    public let guacIdentifier: String?
    /// Fields that differ between the notes and Guacamole (names only).
    public let changedFields: [String]
    /// How the state file changes once the row's actions succeeded (see `SyncState.updated`).
    public internal(set) var stateUpdate: StateUpdate

    /// The main status.
    public var status: SyncStatus { statuses.first ?? .ok }

    public init(identity: ConnectionIdentity, statuses: [SyncStatus], reason: String, name: String, path: GroupPath,
                guestName: String?, guacIdentifier: String?, changedFields: [String], stateUpdate: StateUpdate) {
        self.identity = identity
        self.statuses = statuses
        self.reason = reason
        self.name = name
        self.path = path
        self.guestName = guestName
        self.guacIdentifier = guacIdentifier
        self.changedFields = changedFields
        self.stateUpdate = stateUpdate
    }

    public var description: String { "\(status) \(identity) \(path.appending(name)): \(reason)" }

    /// What to record for the identity once its actions are applied.
    public enum StateUpdate: Sendable, Hashable {
        /// Record these hashes. `guacIdentifier` nil means "the identifier the create returned".
        case record(guacIdentifier: String?, desiredHash: FieldHash, observedHash: FieldHash)
        /// Keep the previous record unchanged (drift left unresolved, kept connections).
        case keep
        /// Forget the identity (connection deleted).
        case remove
    }
}

/// A connection under the root group that proxguac cannot identify (no marker, no state record, and
/// no desired connection at its place). It is never changed; `proxguac adopt` may take it over.
public struct UnidentifiedConnection: Sendable, Hashable {
    public let identifier: String
    public let name: String
    public let path: GroupPath
}
