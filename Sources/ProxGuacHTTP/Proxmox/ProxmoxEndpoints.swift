import Synchronization

/// The API URLs of one cluster's nodes (`proxmox.url` as a list), tried in order: a node down is not a cluster down.
///
/// Every request starts at the node that answered last. When a node cannot be reached (connection refused,
/// unknown host, or, for requests safe to repeat, a timeout or a 502/503/504 from a proxy in front of it) the
/// request moves to the next URL, and so do the requests after it. Answers from a live node, errors included
/// (401, 403, 500, 595 for a guest's node that is offline), are final: any node would give the same.
public final class ProxmoxEndpoints: Sendable {
    /// `https://host:8006` each, without `/api2/json`; never empty.
    public let urls: [String]
    private let preferred = Mutex<Int>(0)

    /// - Precondition: `urls` is not empty.
    public init(_ urls: [String]) {
        precondition(!urls.isEmpty, "a Proxmox cluster needs at least one URL")
        self.urls = urls
    }

    /// The URL requests start with now.
    public var current: String { urls[preferred.withLock { $0 }] }

    /// The order to try for one request: the preferred URL, then the others in config order (wrapping).
    func attemptOrder() -> [Int] {
        let start = preferred.withLock { $0 }
        return (0..<urls.count).map { (start + $0) % urls.count }
    }

    /// `index` did not answer: later requests start at the next URL (unless another request moved on already).
    func markUnreachable(_ index: Int) {
        preferred.withLock { if $0 == index { $0 = (index + 1) % urls.count } }
    }

    /// Whether `error` says the node at this URL is down (so another node may answer), for a request with `method`.
    static func isNodeDown(_ error: HTTPError, method: HTTPMethod, repeatable: Bool = false) -> Bool {
        switch error.kind {
        case .connectionFailed, .hostNotFound: return true  // the request never reached a node
        case .timedOut, .status(502), .status(503), .status(504): return repeatable || RetryPolicy.isSafeToRepeat(method)
        default: return false
        }
    }
}
