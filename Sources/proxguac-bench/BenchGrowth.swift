import Foundation

/// `--growth`: how time, CPU and memory grow with the number of guests. The default series (no
/// `--concurrency 1` baseline) at each size on the same topology, each case's fastest of `--runs`,
/// plus the in-process plan time (`--core`'s plan steps, median of 5).
struct BenchGrowth: Codable {
    struct Size: Codable {
        var guests: Int
        var connections: Int
        var cases: [CaseResult]
        /// `--core`'s "plan, first sync" and "plan, re-sync", wall median in ms.
        var planFirstSyncMilliseconds: Double
        var planResyncMilliseconds: Double
    }

    var topology: BenchTopology
    var latencyMilliseconds: Int
    var nodeWorkers: Int
    var runs: Int
    var sizes: [Size]
    /// 1-minute load average before and after.
    var loadAverageBeforeAfter: [Double]

    static func run(options: BenchOptions, sizes guestCounts: [Int], log: (String) -> Void) throws -> BenchGrowth {
        let loadBefore = loadAverage()
        var sizes: [Size] = []
        for guests in guestCounts {
            var sized = options
            sized.guests = guests
            let scenario = options.topology.scenario(guests: guests)
            log("proxguac-bench --growth: \(options.topology.servedGuests(guests)) guests, \(options.topology.label)")
            var series: [[CaseResult]] = []
            var connections = 0
            for _ in 0..<options.runs {
                let run = try BenchSeries(options: sized, scenario: scenario, concurrency: nil).run(log: log)
                series.append(run.cases)
                connections = run.connections
            }
            log("  plan timing …")
            let plan = try planTimings(guests: guests, nodes: options.topology.nodesPerCluster)
            sizes.append(Size(guests: options.topology.servedGuests(guests), connections: connections, cases: fastestPerCase(series),
                              planFirstSyncMilliseconds: plan.first, planResyncMilliseconds: plan.resync))
        }
        return BenchGrowth(topology: options.topology, latencyMilliseconds: options.latencyMilliseconds,
                           nodeWorkers: BenchSeries.nodeWorkers, runs: options.runs, sizes: sizes,
                           loadAverageBeforeAfter: [loadBefore, loadAverage()])
    }

    private static func planTimings(guests: Int, nodes: Int) throws -> (first: Double, resync: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-bench-growth-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let timings = try BenchCore(guests: guests, nodes: nodes, directory: directory)
            .measure(runs: 5, only: [BenchCore.planFirstSync, BenchCore.planResync])
        func wall(_ name: String) -> Double { timings.first { $0.name == name }?.wallMilliseconds ?? 0 }
        return (wall(BenchCore.planFirstSync), wall(BenchCore.planResync))
    }
}

/// The growth table (README and docs/benchmarks.md show it).
enum BenchGrowthTable {
    static func render(_ growth: BenchGrowth) -> String {
        var lines = ["proxguac-bench --growth: \(growth.topology.label), \(growth.latencyMilliseconds) ms latency, "
            + "\(growth.nodeWorkers) PVE workers per node; fastest of \(growth.runs) run(s), load average "
            + growth.loadAverageBeforeAfter.map { BenchTable.fixed($0, 1) }.joined(separator: " → "), ""]
        let header = ["guests", "connections", "case", "wall s", "bound s", "wall/bound", "CPU s", "lab CPU s", "RSS MB", "plan ms"]
        var rows: [[String]] = []
        for size in growth.sizes {
            for item in size.cases {
                let plan: Double? = switch item.name.prefix(3) {
                case "(a)": size.planFirstSyncMilliseconds
                case "(b)": size.planResyncMilliseconds
                default: nil
                }
                rows.append([
                    "\(size.guests)", "\(size.connections)",
                    item.name + (item.exitStatus == 0 ? "" : " (exit \(item.exitStatus))"),
                    BenchTable.fixed(item.wallSeconds, 2), BenchTable.fixed(item.boundSeconds, 2),
                    BenchTable.fixed(item.ratio, 2), BenchTable.fixed(item.cpuSeconds, 2),
                    BenchTable.fixed(item.labCPUSeconds, 2), BenchTable.fixed(item.peakRSSMegabytes, 1),
                    plan.map { BenchTable.fixed($0, 1) } ?? "",
                ])
            }
        }
        lines += BenchTable.table([header] + rows)
        lines.append("")
        lines.append("plan ms: --core's plan step for the same guests (first sync for (a), re-sync for (b)), median of 5")
        return lines.joined(separator: "\n") + "\n"
    }
}
