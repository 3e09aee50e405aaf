import Foundation
import ProxGuacLab

/// `--phases`: where one case's wall time went, from the lab's side. Shows how long proxguac took to
/// send its first request, how evenly the PVE requests ran, each Guacamole request (when few) and the
/// time between the last answer and proxguac's exit: the parts of the wall time the bound does not cover.
struct BenchTimeline {
    let served: [ServedRequest]
    let spawned: ContinuousClock.Instant
    let exited: ContinuousClock.Instant

    /// Guacamole requests are listed one per line when there are at most this many.
    static let listedGuacamoleRequests = 30

    var text: String {
        let sorted = served.sorted { $0.started < $1.started }
        let proxmox = sorted.filter { $0.side == .proxmox }
        let guacamole = sorted.filter { $0.side == .guacamole }
        var lines = ["    timeline (ms after proxguac started): exited at \(milliseconds(exited))"]
        if let first = proxmox.first, let last = proxmox.map(\.finished).max() {
            lines.append("    PVE: \(proxmox.count) requests from \(milliseconds(first.started)) to \(milliseconds(last))")
            lines.append("    PVE requests started per 100 ms: \(startsPer100Milliseconds(proxmox).map(String.init).joined(separator: " "))")
        }
        if let last = sorted.map(\.finished).max() {
            lines.append("    last answer at \(milliseconds(last)); exit \(milliseconds(exited, after: last)) later")
        }
        if guacamole.count <= Self.listedGuacamoleRequests {
            for request in guacamole {
                lines.append("    \(milliseconds(request.started)) → \(milliseconds(request.finished))  \(request.label.prefix(100))")
            }
        } else {
            lines.append("    Guacamole: \(guacamole.count) requests")
        }
        return lines.joined(separator: "\n")
    }

    private func startsPer100Milliseconds(_ requests: [ServedRequest]) -> [Int] {
        var buckets: [Int] = []
        for request in requests {
            let index = max(0, Int(((request.started - spawned) / .milliseconds(100)).rounded(.down)))
            if buckets.count <= index { buckets += Array(repeating: 0, count: index + 1 - buckets.count) }
            buckets[index] += 1
        }
        return buckets
    }

    private func milliseconds(_ instant: ContinuousClock.Instant, after start: ContinuousClock.Instant? = nil) -> String {
        String(format: "%.1f", ((instant - (start ?? spawned)) / .milliseconds(1)))
    }
}
