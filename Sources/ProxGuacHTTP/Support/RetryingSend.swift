import Logging

extension HTTPTransport {
    /// Sends `request`, retrying transient failures under `policy` when the method is safe to repeat
    /// (or `repeatable` says so, e.g. a login). A `DELETE` that finds nothing (404) after an earlier try
    /// failed on the way counts as done: that try deleted it.
    func send(
        _ request: HTTPRequest, tls: TLSOptions, retry policy: RetryPolicy, repeatable: Bool? = nil,
        retryIf isTransient: (HTTPError) -> Bool = RetryPolicy.isTransient, logger: Logger
    ) async throws(HTTPError) -> HTTPResponse {
        guard repeatable ?? RetryPolicy.isSafeToRepeat(request.method) else {
            return try await send(request, tls: tls)
        }
        var schedule = RetrySchedule(policy)
        while true {
            do {
                return try await send(request, tls: tls)
            } catch {
                if request.method == .delete, error.status == 404, schedule.attempts > 1 {
                    return HTTPResponse(status: 204, reason: "No Content", headers: [], body: [])
                }
                guard isTransient(error) else { throw error }
                let failedAttempt = schedule.attempts
                guard await schedule.waitForNextAttempt() else { throw error }
                logger.debug("retrying after a transient failure (try \(failedAttempt) of \(policy.maxAttempts)): \(error)")
            }
        }
    }
}
