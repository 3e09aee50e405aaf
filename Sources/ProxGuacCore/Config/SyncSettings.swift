/// `sync.*`: what to create in Guacamole and how.
public struct SyncSettings: Sendable, Equatable {
    public static let defaultRootGroup = "Proxmox"
    public static let defaultConnectionName = "{user}@{vmname}-{proto}"
    public static let defaultGroupName = "{vmname} ({vmid})"
    public static let defaultConcurrency = 16

    /// The connection group everything proxguac manages lives under (default `Proxmox`).
    public var rootGroup: String
    /// Template for connection names (default `{user}@{vmname}-{proto}`); a note's `confName` wins.
    public var connectionName: String
    /// Put each guest's connections in their own group (default true).
    public var groupPerGuest: Bool
    /// `sync.groupPerCluster`: each named cluster's guests under a group named after the cluster, right under the
    /// root group (nil: on when several clusters are configured; see ``ProxGuacConfig/groupsPerCluster``).
    public var groupPerCluster: Bool?
    /// Template for per-guest group names (default `{vmname} ({vmid})`).
    public var groupName: String
    /// Remove managed connections whose guest or credential is gone (default true).
    public var deleteOrphans: Bool
    /// Where the sync state is kept (default `$XDG_STATE_HOME/proxguac/state.json`).
    public var stateFile: String
    /// The JSON-lines audit log (`sync.auditLog` or `--audit-log`); nil: `audit.jsonl` next to the state file.
    public var auditLog: String?
    /// `sync.include`, `sync.exclude` and `sync.includeTemplates` (default: every guest but templates).
    public var filter: GuestFilter
    /// Guacamole users and groups that get READ permission on created connections.
    public var grant: GrantSettings
    /// At most this many API calls in flight overall (default 16).
    public var concurrency: Int
    /// The deletion guard holds a run's deletes back when more connections would go (nil: 10 or 20% of
    /// the managed ones, whichever is larger; see `DeletionGuard`).
    public var maxDeletes: Int?
    /// `sync.notes`: what notes may do beyond the defaults.
    public var notes = NotesTrustSettings()
    /// `sync.onDrift`: what `auto` does with drift in Guacamole when neither --push nor --pull is given (default report).
    public var onDrift: DriftResolution = .report
    /// `sync.defaults`: parameters and attributes per protocol (none by default).
    public var defaults = ConnectionDefaults()

    public init(
        rootGroup: String = Self.defaultRootGroup, connectionName: String = Self.defaultConnectionName,
        groupPerGuest: Bool = true, groupName: String = Self.defaultGroupName, deleteOrphans: Bool = true,
        stateFile: String = "proxguac-state.json", filter: GuestFilter = .init(),
        grant: GrantSettings = .init(), concurrency: Int = Self.defaultConcurrency
    ) {
        self.rootGroup = rootGroup
        self.connectionName = connectionName
        self.groupPerGuest = groupPerGuest
        self.groupName = groupName
        self.deleteOrphans = deleteOrphans
        self.stateFile = stateFile
        self.filter = filter
        self.grant = grant
        self.concurrency = concurrency
    }
}

/// `sync.grant`: who may use the connections proxguac creates.
public struct GrantSettings: Sendable, Equatable {
    public var users: [String]
    public var groups: [String]
    /// `sync.grant.permissions`: what each of them gets on every managed connection and group (READ always included).
    public var permissions: [String]

    /// The object permissions Guacamole knows for connections and groups.
    public static let knownPermissions = ["READ", "UPDATE", "DELETE", "ADMINISTER"]

    public init(users: [String] = [], groups: [String] = [], permissions: [String] = ["READ"]) {
        self.users = users
        self.groups = groups
        self.permissions = permissions
    }
}
