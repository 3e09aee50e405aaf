import ProxGuacCore

/// What went wrong talking to Proxmox VE, in words an admin can act on. Never contains a secret.
public enum ProxmoxError: Error, Sendable, CustomStringConvertible {
    /// The configuration cannot work (a URL that is not http(s)).
    case invalidConfiguration(String)
    /// 401: the token or password was rejected (or a ticket write lacked its CSRF token).
    case authenticationFailed(reason: String)
    /// 403: the caller lacks `privilege` on `path` (both nil when the server gave no detail).
    case permissionDenied(path: String?, privilege: String?, message: String)
    /// 501: this Proxmox VE version does not have the endpoint (e.g. LXC `interfaces` before 8.1).
    case notSupported(request: String, message: String)
    /// 59x: the node the request was routed to cannot be reached. Its guests are unknown, not gone.
    case nodeOffline(node: String, reason: String)
    /// 500 `Configuration file … does not exist`: no such guest on that node.
    case guestNotFound(GuestReference)
    /// The QEMU guest agent gave no answer (not configured, VM stopped, agent not running, timeout).
    case agentUnavailable(vmid: Int, reason: String)
    /// The config changed since it was read (digest mismatch): read it again and re-apply the change.
    case configChanged(GuestReference)
    /// The guest is locked (backup, migrate, …) and cannot be changed now.
    case locked(GuestReference, reason: String)
    /// A task (start/stop) ended with an error.
    case taskFailed(upid: String, exitStatus: String)
    /// A task did not finish before the deadline.
    case taskTimedOut(upid: String)
    /// Any other error status.
    case server(status: Int, request: String, message: String)
    /// No usable answer: connection, TLS, timeout. The wrapped error explains which.
    case transport(HTTPError)
    /// The answer did not have the expected shape.
    case unexpectedResponse(request: String, detail: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text):
            return text
        case .authenticationFailed(let reason):
            return "Proxmox VE rejected the credentials (\(reason)); check the token id and secret (or user and password)"
        case .permissionDenied(let path?, let privilege?, _):
            return "Proxmox VE permission missing: \(privilege) on \(path); grant it to the token's role (docs/proxmox-token.md)"
        case .permissionDenied(_, _, let message):
            return "Proxmox VE permission denied (\(message)); check the token's role and ACLs (docs/proxmox-token.md)"
        case .notSupported(let request, let message):
            return "Proxmox VE does not support \(request) (\(message)); this needs a newer Proxmox VE"
        case .nodeOffline(let node, let reason):
            return "Proxmox VE node \(node) is unreachable (\(reason)); its guests are skipped until it is back"
        case .guestNotFound(let guest):
            return "Proxmox VE has no \(guest); it was removed or migrated, refresh the guest list"
        case .agentUnavailable(let vmid, let reason):
            return "QEMU guest agent of VM \(vmid) gave no answer (\(reason)); install and start qemu-guest-agent"
        case .configChanged(let guest):
            return "the config of \(guest) changed while proxguac was editing it; run again"
        case .locked(let guest, let reason):
            return "\(guest) is locked (\(reason)); wait for the backup/migration to finish and run again"
        case .taskFailed(let upid, let exitStatus):
            return "Proxmox VE task \(upid) failed: \(exitStatus)"
        case .taskTimedOut(let upid):
            return "Proxmox VE task \(upid) did not finish in time; check the task log in the web UI"
        case .server(let status, let request, let message):
            return "Proxmox VE answered \(request) with HTTP \(status): \(message)"
        case .transport(let error):
            return "Proxmox VE: \(error)"
        case .unexpectedResponse(let request, let detail):
            return "Proxmox VE sent an unexpected answer to \(request) (\(detail)); is the URL a Proxmox VE API?"
        }
    }
}
