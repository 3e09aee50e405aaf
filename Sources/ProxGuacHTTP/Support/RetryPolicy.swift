/// When and how often a failed request is sent again: exponential backoff with full jitter, bounded in
/// attempts and in total time. Shared by the Proxmox and Guacamole clients.
///
/// Only failures that can pass are retried ("transient"): 5xx except 501, timeouts and broken connections.
/// Only requests that are safe to repeat are retried: reads, full-object `PUT`s and `DELETE`s. A create
/// (`POST`) is retried only by callers that first check whether the lost attempt took effect.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first one included (1 = never retry).
    public var maxAttempts: Int
    /// The ceiling of the first sleep; each further sleep's ceiling doubles.
    public var baseDelay: Duration
    /// No single sleep is longer than this.
    public var maxDelay: Duration
    /// No retry starts once this much time has passed since the first try.
    public var maxTotalTime: Duration

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration = .seconds(5),
                maxTotalTime: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(.zero, maxDelay)
        self.maxTotalTime = max(.zero, maxTotalTime)
    }

    /// 4 tries, sleeps up to 0.25 s, 0.5 s, 1 s, within 20 s.
    public static let standard = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(250))
    /// One try only.
    public static let never = RetryPolicy(maxAttempts: 1, baseDelay: .zero)

    /// The longest sleep before retry number `retry` (1 = the second try): `baseDelay · 2^(retry-1)`, capped.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let doublings = min(max(retry - 1, 0), 30)
        return min(maxDelay, baseDelay * (1 << doublings))
    }

    /// Full jitter: a uniform share (`draw` in `0..<1`) of the ceiling, so many clients do not retry in step.
    public func delay(beforeRetry retry: Int, draw: Double) -> Duration {
        ceiling(beforeRetry: retry) * min(max(draw, 0), 1)
    }

    /// Whether the failure can pass by itself: a 5xx other than 501 (not implemented), a timeout, or a
    /// connection broken after it was made. A refused connection, DNS or TLS failures and 4xx are final.
    /// Proxmox's 595 usually means the node is offline (its guests are "unknown" at once, not after a
    /// minute of retries); only a 595 whose reason says the proxied connection broke is retried.
    public static func isTransient(_ error: HTTPError) -> Bool {
        switch error.kind {
        case .status(595): return isBrokenProxyConnection(error.serverText)
        case .status(let code): return (500...599).contains(code) && code != 501
        case .timedOut, .transport: return true
        default: return false
        }
    }

    /// `Connection reset by peer`, `Broken pipe`, `Resource temporarily unavailable`.
    static func isBrokenProxyConnection(_ reason: String) -> Bool {
        let text = reason.lowercased()
        return text.contains("reset") || text.contains("broken pipe") || text.contains("temporarily")
    }

    /// Whether repeating the request cannot do more than the first one did.
    public static func isSafeToRepeat(_ method: HTTPMethod) -> Bool {
        switch method {
        case .get, .head, .put, .delete: return true
        case .post, .patch: return false
        }
    }
}

/// One request's way through a ``RetryPolicy``: counts the tries and the time since the first.
public struct RetrySchedule: Sendable {
    public let policy: RetryPolicy
    /// Tries made so far.
    public private(set) var attempts = 1
    private let started = ContinuousClock.now

    public init(_ policy: RetryPolicy) {
        self.policy = policy
    }

    /// The sleep before the next try, or nil when the tries or the time are used up.
    public mutating func nextDelay(draw: Double = Double.random(in: 0..<1)) -> Duration? {
        guard attempts < policy.maxAttempts else { return nil }
        let delay = policy.delay(beforeRetry: attempts, draw: draw)
        guard ContinuousClock.now - started + delay <= policy.maxTotalTime else { return nil }
        attempts += 1
        return delay
    }

    /// Sleeps for the next delay; false when no retry is left (or the task was cancelled).
    public mutating func waitForNextAttempt() async -> Bool {
        guard !Task.isCancelled, let delay = nextDelay() else { return false }
        if delay > .zero {
            do { try await Task.sleep(for: delay) } catch { return false }
        }
        return true
    }
}
