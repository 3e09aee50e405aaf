import Synchronization

/// When each request was served, on one clock (`ContinuousClock`), for the benchmark's phase
/// breakdown: which side was busy when, and how long the client left the servers idle.
public struct ServedRequest: Sendable {
    public enum Side: Sendable { case proxmox, guacamole }
    public var side: Side
    /// `METHOD /path` as sent.
    public var label: String
    public var started: ContinuousClock.Instant
    public var finished: ContinuousClock.Instant
}

final class RequestTimeline: Sendable {
    private let served = LabLock<[ServedRequest]>([])

    func record(_ request: ServedRequest) {
        served.withLock { $0.append(request) }
    }

    /// `handler`, recording when each request it serves starts and finishes.
    func recording(_ side: ServedRequest.Side, _ handler: @escaping HTTPServer.Handler) -> HTTPServer.Handler {
        { [self] request in
            let started = ContinuousClock.now
            let response = handler(request)
            record(ServedRequest(side: side, label: "\(request.method) \(request.path)", started: started, finished: .now))
            return response
        }
    }

    func snapshot() -> [ServedRequest] { served.withLock { $0 } }
}
