import Logging
import ProxGuacCore

/// HTTPS over libcurl: one long-lived multi handle, many requests in flight, keep-alive per host.
///
/// Create one per process and share it between the Proxmox and Guacamole clients. Every request is logged at
/// `.debug` as method, redacted target, status and duration; nothing else from a request is ever logged.
public final class HTTPTransport: Sendable {
    public struct Configuration: Sendable {
        /// Connections kept open to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`); more requests wait for one.
        public var maxConnectionsPerHost: Int
        /// Connections open at once, all hosts together.
        public var maxConnections: Int
        /// Time allowed to set up TCP + TLS.
        public var connectTimeout: Duration
        /// Total time per request unless the request says otherwise. Proxmox agent calls can take 10 s.
        public var requestTimeout: Duration

        public init(
            maxConnectionsPerHost: Int = 8, maxConnections: Int = 32, connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(30)
        ) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxConnections = maxConnections
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
        }
    }

    public let configuration: Configuration
    private let logger: Logger
    private let loop: CurlMultiLoop

    public init(configuration: Configuration = Configuration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        loop = CurlMultiLoop(
            limits: .init(
                maxConnectionsPerHost: configuration.maxConnectionsPerHost,
                maxConnections: configuration.maxConnections),
            logger: logger)
    }

    public convenience init(maxConnectionsPerHost: Int, logger: Logger) {
        self.init(configuration: Configuration(maxConnectionsPerHost: maxConnectionsPerHost), logger: logger)
    }

    deinit {
        loop.shutdown()
    }

    /// Allows at least `perHost` connections to the host `source` names from now on (never fewer than
    /// configured; the total grows by as much, and the growth of several sources adds up). For callers that
    /// learn how many requests they will run at once, e.g. one Proxmox URL serving many nodes, one per cluster.
    /// A transport limited to one connection overall keeps that limit.
    public func allowConnections(perHost: Int, for source: String) {
        loop.raise(perHost: perHost, for: source)
    }

    /// Sends one request. Throws for transport failures and for any status ≥ 400 (with the server's text).
    public func send(_ request: HTTPRequest, tls: TLSOptions = TLSOptions()) async throws(HTTPError) -> HTTPResponse {
        let transfer = try CurlTransfer(
            request, tls: tls, connectTimeout: configuration.connectTimeout,
            defaultTimeout: configuration.requestTimeout)
        if Task.isCancelled { throw transfer.cancelledError() }
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        log(result, of: transfer)
        return try result.get()
    }

    private func log(_ result: Result<HTTPResponse, HTTPError>, of transfer: CurlTransfer) {
        let elapsed = ContinuousClock.now - transfer.started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let outcome: String
        switch result {
        case .success(let response): outcome = "\(response.status)"
        case .failure(let error): outcome = error.status.map { "\($0)" } ?? "failed (\(error.kind))"
        }
        logger.debug(
            "HTTP \(transfer.method) \(transfer.target) -> \(outcome) in \(milliseconds) ms",
            metadata: ["method": "\(transfer.method)", "target": "\(transfer.target)", "status": "\(outcome)"])
    }
}
