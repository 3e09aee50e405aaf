/// The sync status of one managed identity. Raw values are the stable names used in text and JSON.
public enum SyncStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Guacamole matches the notes.
    case ok
    /// Changed in Proxmox since the last sync (or no last-sync record and different): pushed to Guacamole.
    case pveChanged = "pve-changed"
    /// Changed in Guacamole only: reported; `--push` overwrites, `--pull` writes it back into the notes.
    case guacDrift = "guac-drift"
    /// Changed on both sides: reported, never resolved without `--push` or `--pull`.
    case conflict
    /// In the notes but not in Guacamole: created.
    case missing
    /// In Guacamole but no longer in the notes, or the guest is gone: deleted when `sync.deleteOrphans` is on.
    case orphan
    /// The guest's node is offline: its connections are kept, never deleted.
    case unknownNode = "unknown-node"
    /// The same identity exists more than once under the root group: copies made by hand are left alone
    /// (never deleted or updated); with no state record naming the managed one, none is touched.
    case duplicate
    /// The entry has diagnostics or cannot be decrypted: the existing connection is kept untouched.
    case invalidNotes = "invalid-notes"
    /// No address was found: nothing is created, an existing connection is kept untouched.
    case noIP = "no-ip"

    public var description: String { rawValue }
}

/// How drift detected in Guacamole (`guac-drift`, `conflict`) is handled.
public enum DriftResolution: String, Sendable, Hashable, Codable, CaseIterable {
    /// Report only (default).
    case report
    /// `--push`: overwrite Guacamole with the notes.
    case push
    /// `--pull`: write Guacamole's values back into the notes.
    case pull
}

/// Settings of one planning run (from `sync.*` in the config and the command line).
public struct PlanOptions: Sendable, Hashable {
    /// Name of the top-level group proxguac manages (`sync.rootGroup`). Nothing outside it is ever changed.
    public var rootGroup: String
    /// Delete orphans (`sync.deleteOrphans`).
    public var deleteOrphans: Bool
    public var resolution: DriftResolution
    /// Guacamole users given READ on created connections and groups (`sync.grant.users`).
    public var grantUsers: [String]
    /// Guacamole user groups given READ on created connections and groups (`sync.grant.groups`).
    public var grantGroups: [String]

    public init(rootGroup: String = "Proxmox", deleteOrphans: Bool = true, resolution: DriftResolution = .report,
                grantUsers: [String] = [], grantGroups: [String] = []) {
        self.rootGroup = rootGroup
        self.deleteOrphans = deleteOrphans
        self.resolution = resolution
        self.grantUsers = grantUsers
        self.grantGroups = grantGroups
    }
}
