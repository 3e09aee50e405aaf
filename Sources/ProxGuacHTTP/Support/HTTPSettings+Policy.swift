import ProxGuacCore

extension RetryPolicy {
    /// The policy the configuration's `http.retry` asks for.
    public init(settings: HTTPSettings) {
        self.init(maxAttempts: settings.retryAttempts, baseDelay: .milliseconds(settings.retryBaseDelayMs),
                  maxTotalTime: .milliseconds(settings.retryMaxTotalMs))
    }
}

extension HTTPTransport.Configuration {
    /// Defaults plus the configuration's `http.timeoutMs` and a per-host connection limit.
    public init(settings: HTTPSettings, maxConnectionsPerHost: Int) {
        let timeout = Duration.milliseconds(settings.timeoutMs)
        self.init(maxConnectionsPerHost: maxConnectionsPerHost, connectTimeout: min(.seconds(10), timeout),
                  requestTimeout: timeout)
    }
}
