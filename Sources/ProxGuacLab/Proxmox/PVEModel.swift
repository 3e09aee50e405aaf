import Foundation

/// An error answer from the emulated PVE: the reason phrase is the message's first line.
struct PVEFailure: Error, Sendable {
    var status: Int
    var message: String
    var errors: [String: String]?
    /// Auth-layer 401s and 59x answers have no body and no Content-Type.
    var emptyBody = false

    static func server(_ message: String) -> PVEFailure { PVEFailure(status: 500, message: message) }

    static func parameter(_ name: String, _ text: String) -> PVEFailure {
        PVEFailure(status: 400, message: "Parameter verification failed.", errors: [name: text])
    }

    static func permission(_ path: String, _ privileges: [String]) -> PVEFailure {
        PVEFailure(status: 403, message: "Permission check failed (\(path), \(privileges.joined(separator: "|")))")
    }

    static func notImplemented(_ method: String, _ path: String) -> PVEFailure {
        PVEFailure(status: 501, message: "Method '\(method) \(path)' not implemented")
    }
}

/// Who is calling: a user via ticket, or an API token. `acl` nil means every privilege (root@pam).
struct PVEIdentity: Sendable {
    let userid: String
    let tokenName: String?
    let acl: [String: [String]]?
    let viaTicket: Bool

    /// `user@realm!token` for tokens, else the user id (as UPIDs show it).
    var taskUser: String { tokenName.map { "\(userid)!\($0)" } ?? userid }

    /// Privileges in effect on `path`: ACLs on the path or any parent propagate down; a guest's
    /// pool ACL (`/pool/<pool>`) applies to `/vms/<vmid>`.
    func privileges(on path: String, pool: String? = nil) -> Set<String> {
        guard let acl else { return Set(PVEIdentity.administratorPrivileges) }
        var granted = Set<String>()
        for (aclPath, privileges) in acl where Self.covers(aclPath, path) { granted.formUnion(privileges) }
        if let pool, path.hasPrefix("/vms/"), let poolPrivileges = acl["/pool/\(pool)"] { granted.formUnion(poolPrivileges) }
        return granted
    }

    func has(anyOf privileges: [String], on path: String, pool: String? = nil) -> Bool {
        !privileges.allSatisfy { !self.privileges(on: path, pool: pool).contains($0) }
    }

    private static func covers(_ aclPath: String, _ path: String) -> Bool {
        aclPath == "/" || aclPath == path || path.hasPrefix(aclPath + "/")
    }

    static let administratorPrivileges = [
        "Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.Audit", "Pool.Allocate", "Pool.Audit",
        "Sys.Audit", "Sys.Console", "Sys.Modify", "Sys.PowerMgmt", "VM.Allocate", "VM.Audit", "VM.Backup",
        "VM.Clone", "VM.Config.CDROM", "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk",
        "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options", "VM.Console",
        "VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted", "VM.Migrate", "VM.Monitor", "VM.PowerMgmt",
        "VM.Snapshot", "Permissions.Modify", "User.Modify",
    ]
}

/// A ticket issued by `POST /access/ticket`.
struct PVETicket: Sendable {
    let userid: String
    let csrf: String
    let issued: ContinuousClock.Instant
}

/// A running or finished task (start, stop, shutdown, config).
struct PVETask: Sendable {
    let upid: String
    let node: String
    let type: String
    let id: String
    let user: String
    let tokenName: String?
    let pid: Int
    let pstart: Int
    let starttime: Int
    let finishesAt: ContinuousClock.Instant
    /// The guest state to apply when the task finishes (nil: no change).
    let effect: (vmid: Int, status: String)?
    let exitStatus: String
    var done = false
}

/// All mutable PVE state, guarded by the emulator's lock.
struct PVEState: Sendable {
    var guests: [Int: PVEGuest]
    var nodesOnline: [String: Bool]
    let nodeOrder: [String]
    var tickets: [String: PVETicket] = [:]
    var tasks: [String: PVETask] = [:]
    /// Token ACLs changed at run time (``Lab/setTokenPrivileges(_:_:)``), by token id.
    var tokenPrivilegeOverrides: [String: [String: [String]]] = [:]
    var random: SeededRandom
    var nextPID = 0x3A2F0

    /// Applies the effects of tasks whose time is up.
    /// Calls for which `/cluster/resources` lags behind a state change.
    var staleResourceCalls = 0

    mutating func settleTasks(now: ContinuousClock.Instant = .now) {
        for (upid, task) in tasks where !task.done && task.finishesAt <= now {
            tasks[upid]?.done = true
            if let effect = task.effect, var guest = guests[effect.vmid] {
                if staleResourceCalls > 0 {
                    guest.staleStatus = guest.status
                    guest.staleCallsLeft = staleResourceCalls
                }
                guest.status = effect.status
                guest.startedAt = effect.status == "stopped" ? nil : Date()
                guests[effect.vmid] = guest
            }
        }
    }
}

extension SeededRandom {
    /// A Proxmox-style MAC (`BC:24:11:xx:xx:xx`).
    mutating func proxmoxMAC() -> String {
        let tail = (0..<3).map { _ in String(UInt8.random(in: 0...255, using: &self), radix: 16, uppercase: true).leftPadded(to: 2) }
        return (["BC", "24", "11"] + tail).joined(separator: ":")
    }
}
