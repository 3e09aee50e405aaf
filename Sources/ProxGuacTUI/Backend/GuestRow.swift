/// How a guest or connection compares between Proxmox VE and Guacamole.
public enum SyncState: String, Sendable, Hashable, CaseIterable {
    /// Guacamole matches the guest's notes.
    case inSync = "in sync"
    /// The guest has credentials but no Guacamole connection yet.
    case missing = "new"
    /// Both exist but differ (address, user, parameters).
    case drift = "drift"
    /// A managed connection whose guest or credential entry is gone.
    case orphan = "orphan"
    /// The guest has no usable IPv4 address, so nothing can be synced.
    case noAddress = "no IP"
    /// The last look failed (see the row's reason).
    case error = "error"
}

/// One guest with credential entries, as the Add screen lists it.
public struct GuestRow: Sendable, Hashable, Identifiable {
    public var id: Int { vmid }
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
        ip: String?, ipSource: String, syncStatus: SyncState
    ) {
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
