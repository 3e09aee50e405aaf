import ProxGuacCore

/// A Proxmox ticket and its CSRF token (needed on every write made with the ticket).
struct ProxmoxTicket: Sendable {
    let ticket: Secret
    let csrfToken: Secret
    let obtained: ContinuousClock.Instant
}

/// Holds the current ticket, logs in when there is none or it is due for renewal, and makes concurrent callers
/// share one login instead of each sending their own.
actor ProxmoxTicketStore {
    typealias Login = @Sendable () async -> Result<ProxmoxTicket, ProxmoxError>

    private let renewAfter: Duration
    private let login: Login
    private var current: ProxmoxTicket?
    private var pending: Task<Result<ProxmoxTicket, ProxmoxError>, Never>?

    /// `renewAfter` must stay below the 2 h ticket lifetime.
    init(renewAfter: Duration, login: @escaping Login) {
        self.renewAfter = renewAfter
        self.login = login
    }

    /// A ticket young enough to use.
    func ticket() async -> Result<ProxmoxTicket, ProxmoxError> {
        if let current, ContinuousClock.now - current.obtained < renewAfter { return .success(current) }
        return await renew()
    }

    /// After a 401 with `stale`: log in again, unless another caller already replaced that ticket.
    func replace(_ stale: ProxmoxTicket) async -> Result<ProxmoxTicket, ProxmoxError> {
        if let current, current.ticket != stale.ticket { return .success(current) }
        current = nil
        return await renew()
    }

    private func renew() async -> Result<ProxmoxTicket, ProxmoxError> {
        if let pending { return await pending.value }
        let task = Task { await login() }
        pending = task
        let result = await task.value
        pending = nil
        if case .success(let ticket) = result { current = ticket }
        return result
    }
}
