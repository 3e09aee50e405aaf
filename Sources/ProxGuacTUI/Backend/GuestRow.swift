import ProxGuacCore

/// How a guest or connection compares between Proxmox VE and Guacamole: the planner's statuses, each
/// with a short word (the same words `proxguac list` prints, except `in sync` and `new`). Ordered from
/// harmless to worst: a guest shows its worst connection's state.
public enum SyncState: String, Sendable, Hashable, CaseIterable {
    /// Guacamole matches the guest's notes.
    case inSync = "in sync"
    /// The guest has credentials but no Guacamole connection yet.
    case missing = "new"
    /// Changed in the notes since the last sync: a sync pushes it to Guacamole.
    case pveChanged = "pve-changed"
    /// A connection proxguac made was deleted in Guacamole; a sync creates it again.
    case deletedInGuacamole = "guac-deleted"
    /// Changed in Guacamole only: reported; `p` overwrites Guacamole, `l` writes it into the notes.
    case drift = "guac-drift"
    /// Changed on both sides: one side loses whichever way it is repaired.
    case conflict = "conflict"
    /// The same connection exists more than once; a sync deletes the extra copies.
    case duplicate = "duplicate"
    /// A managed connection whose guest or credential entry is gone.
    case orphan = "orphan"
    /// The guest has no usable IPv4 address, so nothing can be synced.
    case noAddress = "no-ip"
    /// The guest's node is offline: its connections are kept untouched.
    case unknownNode = "unknown-node"
    /// The notes entry cannot be used (diagnostics, wrong key): the connection is kept untouched.
    case invalidNotes = "invalid-notes"
    /// The last look failed (see the row's reason).
    case error = "error"

    /// One line for the legend (`?`) and the detail lines.
    public var explanation: String {
        switch self {
        case .inSync: "Guacamole matches the notes"
        case .missing: "in the notes, no Guacamole connection yet (p or a sync creates it)"
        case .pveChanged: "notes changed since the last sync (p or a sync updates Guacamole)"
        case .deletedInGuacamole: "deleted in Guacamole (p or a sync creates it again)"
        case .drift: "changed in Guacamole (p: notes win, l: Guacamole wins)"
        case .conflict: "changed on both sides (p or l: the other side loses)"
        case .duplicate: "more than one copy in Guacamole (a sync deletes extras)"
        case .orphan: "no notes entry asks for it any more (p deletes it)"
        case .noAddress: "no usable address found, nothing to sync"
        case .unknownNode: "the guest's node is offline; kept untouched"
        case .invalidNotes: "the notes entry cannot be used; kept untouched"
        case .error: "could not be checked"
        }
    }

    /// Whether `p` (notes win: create, update or delete in Guacamole) applies.
    public var canPush: Bool { [.missing, .pveChanged, .deletedInGuacamole, .drift, .conflict, .orphan].contains(self) }
    /// Whether `l` (Guacamole wins: write its values into the notes) applies.
    public var canPull: Bool { self == .drift || self == .conflict }
}

/// One guest with credential entries, as the Add screen lists it.
public struct GuestRow: Sendable, Hashable, Identifiable {
    /// The guest's cluster and vmid: guest 101 of `lab1` and guest 101 of `lab2` are two rows.
    public var id: GuestKey { key }
    public var key: GuestKey { GuestKey(cluster: cluster, vmid: vmid) }
    /// The configured name of the guest's cluster; nil for the single unnamed cluster.
    public var cluster: ClusterName?
    public var vmid: Int
    public var name: String
    public var node: String
    /// Power state as Proxmox reports it (`running`, `stopped`, ...).
    public var status: String
    /// Protocols named in the notes (`rdp`, `ssh`, `vnc`, ...).
    public var protocols: [String]
    /// The IPv4 address proxguac would use, if it found one.
    public var ip: String?
    /// Where the address came from (`qemu-guest-agent`, `lxc-config`, `arp`, `notes`), or why there is none.
    public var ipSource: String
    public var syncStatus: SyncState

    public init(
        vmid: Int, name: String, node: String, status: String, protocols: [String],
        ip: String?, ipSource: String, syncStatus: SyncState, cluster: ClusterName? = nil
    ) {
        self.cluster = cluster
        self.vmid = vmid
        self.name = name
        self.node = node
        self.status = status
        self.protocols = protocols
        self.ip = ip
        self.ipSource = ipSource
        self.syncStatus = syncStatus
    }
}
