import Synchronization

/// Counts requests by `METHOD /route/template` (ids normalised, e.g. `{vmid}`); unknown paths count as sent.
final class RequestCounter: Sendable {
    private let counts = LabLock<[String: Int]>([:])

    func record(_ method: String, _ path: String, routes template: String?) {
        let key = "\(method) \(template ?? path)"
        counts.withLock { $0[key, default: 0] += 1 }
    }

    func snapshot() -> [String: Int] { counts.withLock { $0 } }
}
