import Testing
@testable import ProxGuacHTTP

/// Which failures are retried, how long the sleeps may be, and where retrying stops.
@Suite struct RetryPolicyTests {
    private func failure(_ kind: HTTPError.Kind, reason: String = "") -> HTTPError {
        HTTPError(kind: kind, method: .get, target: "https://127.0.0.1:1/x", reason: reason)
    }

    @Test("5xx (not 501), timeouts and broken connections are transient", arguments: [500, 502, 503, 504, 599])
    func transientStatus(code: Int) {
        #expect(RetryPolicy.isTransient(failure(.status(code))))
    }

    @Test("4xx and 501 are final", arguments: [400, 401, 403, 404, 409, 501])
    func finalStatus(code: Int) {
        #expect(!RetryPolicy.isTransient(failure(.status(code))))
    }

    @Test func timeoutsAndResetsAreTransientConfigurationErrorsAreNot() {
        #expect(RetryPolicy.isTransient(failure(.timedOut)))
        #expect(RetryPolicy.isTransient(failure(.transport, reason: "Recv failure: Connection reset by peer")))
        #expect(!RetryPolicy.isTransient(failure(.connectionFailed)))
        #expect(!RetryPolicy.isTransient(failure(.hostNotFound)))
        #expect(!RetryPolicy.isTransient(failure(.certificateNotTrusted)))
        #expect(!RetryPolicy.isTransient(failure(.invalidURL)))
        #expect(!RetryPolicy.isTransient(failure(.cancelled)))
    }

    @Test("595 from an offline node is final; a broken proxied connection is retried")
    func proxmox595() {
        #expect(!RetryPolicy.isTransient(failure(.status(595), reason: "No route to host")))
        #expect(!RetryPolicy.isTransient(failure(.status(595), reason: "Connection timed out")))
        #expect(RetryPolicy.isTransient(failure(.status(595), reason: "Connection reset by peer")))
    }

    @Test func onlyRepeatableMethodsAreRetried() {
        #expect([HTTPMethod.get, .head, .put, .delete].allSatisfy(RetryPolicy.isSafeToRepeat))
        #expect(!RetryPolicy.isSafeToRepeat(.post))
        #expect(!RetryPolicy.isSafeToRepeat(.patch))
    }

    @Test("the sleep ceiling doubles from the base and is capped; the jittered sleep stays below it")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        #expect((1...5).map(policy.ceiling(beforeRetry:)) == [100, 200, 400, 500, 500].map { .milliseconds($0) })
        #expect(policy.delay(beforeRetry: 3, draw: 0) == .zero)
        #expect(policy.delay(beforeRetry: 3, draw: 0.5) == .milliseconds(200))
        for draw in stride(from: 0.0, to: 1.0, by: 0.05) {
            #expect(policy.delay(beforeRetry: 2, draw: draw) <= .milliseconds(200))
        }
    }

    @Test("a schedule allows maxAttempts - 1 retries, then stops")
    func attemptBound() {
        var schedule = RetrySchedule(RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1)))
        let delays = (0..<6).map { _ in schedule.nextDelay(draw: 0.5) }
        #expect(delays.compactMap { $0 }.count == 3)
        #expect(delays[3] == nil && delays[5] == nil)
        #expect(schedule.attempts == 4)
    }

    @Test("no retry starts when its sleep would pass the total time")
    func timeBound() {
        var schedule = RetrySchedule(RetryPolicy(maxAttempts: 10, baseDelay: .seconds(10), maxDelay: .seconds(60), maxTotalTime: .seconds(5)))
        #expect(schedule.nextDelay(draw: 0.9) == nil)
        #expect(schedule.attempts == 1)
        var never = RetrySchedule(.never)
        #expect(never.nextDelay(draw: 0) == nil)
    }
}
