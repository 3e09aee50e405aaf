import ProxGuacCore

/// Which side wins when repairing a drifted row.
public enum RepairDirection: String, Sendable, Hashable {
    /// Proxmox notes win: overwrite (or create) the Guacamole connection.
    case push
    /// Guacamole wins: write its values back into the guest's notes.
    case pull
}

/// One connection (existing or expected) for the List screen.
public struct StatusRow: Sendable, Hashable, Identifiable {
    /// Stable key of the row (e.g. `101/rdp`, or `conn:57` for an orphan).
    public var id: String
    /// The connection name (as the template renders it).
    public var name: String
    public var vmid: Int?
    /// The configured name of the guest's cluster; nil for the single unnamed cluster (and external hosts).
    public var cluster: ClusterName?
    public var proto: String
    public var state: SyncState
    /// Why the row is in this state, in words (shown in the detail pane).
    public var reason: String
    public var ip: String?
    public var ipSource: String
    /// The Guacamole connection identifier, when the connection exists.
    public var connectionID: String?
    /// Fields that differ between the notes and Guacamole (names only, never values).
    public var changedFields: [String]
    /// The Guacamole group path (under the root group), the login user, and when it was last synced
    /// (`2026-12-04 17:20` UTC, from the state file); shown as extra columns in wide windows.
    public var group = ""
    public var user = ""
    public var lastSync: String?
    /// The port the connection uses (the notes' value, else Guacamole's); shown in wide windows.
    public var port: String?

    public init(
        id: String, name: String, vmid: Int?, proto: String, state: SyncState, reason: String,
        ip: String?, ipSource: String, connectionID: String?, changedFields: [String] = []
    ) {
        self.id = id
        self.name = name
        self.vmid = vmid
        self.proto = proto
        self.state = state
        self.reason = reason
        self.ip = ip
        self.ipSource = ipSource
        self.connectionID = connectionID
        self.changedFields = changedFields
    }

    /// `lab1/101` (or `101` for the unnamed cluster); nil without a guest.
    public var guestText: String? { guestKey?.description }
    /// The guest's cluster and vmid; nil without a guest.
    public var guestKey: GuestKey? { vmid.map { GuestKey(cluster: cluster, vmid: $0) } }

    /// Whether `p`/`l` make sense for this row.
    public var canRepair: Bool { state.canPush || state.canPull }
}
