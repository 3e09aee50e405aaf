import Synchronization

/// The menus' loading count over several clusters read at once: (guests read, guests selected) summed.
final class ClusterReadProgress: Sendable {
    private let counts: Mutex<[Int: (read: Int, total: Int)]> = Mutex([:])
    private let report: @Sendable (Int, Int) -> Void

    init(report: @escaping @Sendable (Int, Int) -> Void) {
        self.report = report
    }

    func update(cluster index: Int, read: Int, total: Int) {
        let sum = counts.withLock { counts in
            counts[index] = (read, total)
            return counts.values.reduce((0, 0)) { ($0.0 + $1.read, $0.1 + $1.total) }
        }
        report(sum.0, sum.1)
    }
}
