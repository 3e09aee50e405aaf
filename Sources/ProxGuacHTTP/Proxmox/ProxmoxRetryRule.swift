extension ProxmoxCallContext {
    /// Whether a failed call is worth another try: a transient failure (``RetryPolicy/isTransient(_:)``)
    /// that does not say the guest is gone, its config changed (the notes writer re-reads instead), it is
    /// locked, or its guest agent is missing (asking again would only make the run slower).
    func shouldRetry(_ error: HTTPError) -> Bool {
        guard RetryPolicy.isTransient(error) else { return false }
        switch map(error) {
        case .guestNotFound, .configChanged, .locked:
            return false
        case .agentUnavailable(_, let reason):
            let text = reason.lowercased()
            return !(text.contains("agent") || text.contains("not running"))
        default:
            return true
        }
    }
}
