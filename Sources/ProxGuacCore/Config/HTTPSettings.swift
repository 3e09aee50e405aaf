/// `http.*`: how long one request may take and how failed requests are retried (both servers).
public struct HTTPSettings: Sendable, Equatable {
    public static let defaultTimeoutMs = 30_000
    public static let defaultRetryAttempts = 4
    public static let defaultRetryBaseDelayMs = 250
    public static let defaultRetryMaxTotalMs = 20_000

    /// Total time allowed per request (default 30 000 ms). Guest agent answers can take ~8 s.
    public var timeoutMs: Int
    /// `http.retry.attempts`: tries in all for a request that can be repeated (default 4; 1 = no retry).
    public var retryAttempts: Int
    /// `http.retry.baseDelayMs`: ceiling of the first backoff sleep, doubling each time (default 250 ms).
    public var retryBaseDelayMs: Int
    /// `http.retry.maxTotalMs`: no retry starts after this long since the first try (default 20 000 ms).
    public var retryMaxTotalMs: Int

    public init(timeoutMs: Int = Self.defaultTimeoutMs, retryAttempts: Int = Self.defaultRetryAttempts,
                retryBaseDelayMs: Int = Self.defaultRetryBaseDelayMs, retryMaxTotalMs: Int = Self.defaultRetryMaxTotalMs) {
        self.timeoutMs = timeoutMs
        self.retryAttempts = retryAttempts
        self.retryBaseDelayMs = retryBaseDelayMs
        self.retryMaxTotalMs = retryMaxTotalMs
    }
}
