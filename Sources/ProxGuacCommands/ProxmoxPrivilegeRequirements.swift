/// One Proxmox VE privilege proxguac uses, with what it is for and how to grant it.
struct ProxmoxPrivilegeRequirement: Sendable, Equatable {
    /// The privilege to name and to grant (`VM.Config.Options`).
    var privilege: String
    /// Any of these counts as granted (PVE 9 accepts `VM.GuestAgent.Unrestricted` for agent reads).
    var acceptable: [String]
    var purpose: String
    /// False when the configuration does not use it (shown, but not needed for exit code 0).
    var required: Bool

    /// The `pveum` line that adds the privilege to the `ProxGuac` role of docs/proxmox-token.md.
    var grantCommand: String {
        "pveum role modify ProxGuac --append 1 --privs \(privilege)"
    }
}

/// The privileges `test-auth` checks on `/vms`, per Proxmox VE major version (reference §2.6).
enum ProxmoxPrivilegeRequirements {
    /// The ACL path checked first; guests may instead be granted one by one or through a pool.
    static let vmsPath = "/vms"

    /// - Parameters:
    ///   - pveMajor: from `GET /version`; nil (unknown) is treated as the newest release.
    ///   - startStoppedForDiscovery: `network.startStoppedForDiscovery`, the only use of `VM.PowerMgmt`.
    static func required(pveMajor: Int?, startStoppedForDiscovery: Bool) -> [ProxmoxPrivilegeRequirement] {
        let agent: ProxmoxPrivilegeRequirement =
            if let pveMajor, pveMajor < 9 {
                .init(privilege: "VM.Monitor", acceptable: ["VM.Monitor"],
                      purpose: "ask the QEMU guest agent for addresses", required: true)
            } else {
                .init(privilege: "VM.GuestAgent.Audit", acceptable: ["VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted"],
                      purpose: "ask the QEMU guest agent for addresses", required: true)
            }
        return [
            .init(privilege: "VM.Audit", acceptable: ["VM.Audit"], purpose: "list guests, read their config and notes", required: true),
            .init(privilege: "VM.Config.Options", acceptable: ["VM.Config.Options"], purpose: "write notes", required: true),
            .init(privilege: "VM.PowerMgmt", acceptable: ["VM.PowerMgmt"],
                  purpose: "start stopped guests for discovery (network.startStoppedForDiscovery)", required: startStoppedForDiscovery),
            agent,
        ]
    }

    /// The `pveum` line that creates the `ProxGuac` role with every privilege for this release.
    static func roleAddCommand(pveMajor: Int?) -> String {
        let privileges = required(pveMajor: pveMajor, startStoppedForDiscovery: true).map(\.privilege)
        return "pveum role add ProxGuac --privs \"\(privileges.joined(separator: ","))\""
    }

    /// The `pveum` lines that put the `ProxGuac` role on `/vms` for the user and, for a token, the token too
    /// (a privilege-separated token gets the intersection of both).
    static func aclCommands(userID: String, tokenID: String?) -> [String] {
        var lines = ["pveum acl modify /vms --users \(userID) --roles ProxGuac"]
        if let tokenID { lines.append("pveum acl modify /vms --tokens '\(tokenID)' --roles ProxGuac") }
        return lines
    }
}
