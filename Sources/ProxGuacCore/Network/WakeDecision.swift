/// What `wake <vmid>` does for a Proxmox guest, decided from what Proxmox says about it. Pure.
///
/// A stopped QEMU VM has no NIC (its tap device exists only while QEMU runs), so nothing on the LAN
/// receives a magic packet for it; only a listener on the Proxmox host that turns packets into
/// `qm start` could act on one. Starting through the API is the reliable way.
public enum WakeDecision: Sendable, Hashable {
    /// Start the VM with `POST …/status/start` (`--start` or `network.wol.startViaAPI`).
    case startViaAPI
    /// Send the packet, and say that it alone cannot start a stopped Proxmox VM.
    case sendPacketOnly(note: String)
    /// Nothing to do: the guest already runs.
    case alreadyRunning
    /// Refuse, with the reason (a container or template cannot be woken; a paused VM needs a resume).
    case refuse(String)

    public static func decide(guest: String, kind: GuestReference.Kind, status: String, isTemplate: Bool, startRequested: Bool) -> WakeDecision {
        if isTemplate { return .refuse("\(guest) is a template: templates never run; clone it first") }
        guard kind == .qemu else {
            return .refuse("\(guest) is a container: containers have no Wake-on-LAN; start it with `pct start` or in the Proxmox UI")
        }
        switch status {
        case "running":
            return .alreadyRunning
        case "stopped":
            if startRequested { return .startViaAPI }
            return .sendPacketOnly(note: "\(guest) is stopped: Proxmox does not power on a VM for a magic packet (its NIC exists only while it runs), "
                + "so this packet starts it only if a Wake-on-LAN listener on the Proxmox host acts on it; pass --start (or set network.wol.startViaAPI: true) to start it through the API")
        default:
            return .refuse("\(guest) is \(status), neither running nor stopped: resume or start it in Proxmox")
        }
    }
}
