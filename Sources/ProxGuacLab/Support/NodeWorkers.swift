import Foundation
import Synchronization

/// pvedaemon's worker pool, per node: at most `limit` requests for one node run at once, the
/// rest wait. Also records the highest concurrency seen per node, for tests.
final class NodeWorkers: Sendable {
    private let limit: Int
    private let semaphores: LabLock<[String: DispatchSemaphore]> = LabLock([:])
    private let counts: LabLock<[String: (current: Int, peak: Int, total: Int)]> = LabLock([:])

    init(limit: Int) { self.limit = max(1, limit) }

    func run<T>(node: String, _ body: () -> T) -> T {
        let semaphore = semaphores.withLock { map in
            if let existing = map[node] { return existing }
            let created = DispatchSemaphore(value: limit)
            map[node] = created
            return created
        }
        semaphore.wait()
        counts.withLock { map in
            var entry = map[node] ?? (0, 0, 0)
            entry.current += 1
            entry.total += 1
            entry.peak = max(entry.peak, entry.current)
            map[node] = entry
        }
        defer {
            counts.withLock { $0[node]?.current -= 1 }
            semaphore.signal()
        }
        return body()
    }

    /// Highest number of requests seen in flight at once, per node.
    func peaks() -> [String: Int] {
        counts.withLock { $0.mapValues(\.peak) }
    }

    /// Requests served so far, per node.
    func totals() -> [String: Int] {
        counts.withLock { $0.mapValues(\.total) }
    }
}
