import Foundation
import ProxGuacLab

/// `--tls-modes`: the default series once per TLS mode, the modes interleaved within each run so that a busy
/// machine slows them alike; each case keeps its fastest run per mode.
struct BenchTLSComparison: Codable {
    var guests: Int
    var latencyMilliseconds: Int
    var runs: Int
    /// The /etc/hosts name the by-name mode used (nil: no such name, mode skipped).
    var hostName: String?
    /// Mode (raw value) → its cases.
    var modes: [String: [CaseResult]]

    static func run(options: BenchOptions, scenario: LabScenario, log: (String) -> Void) throws -> BenchTLSComparison {
        let hostName = BenchTLSMode.loopbackHostName()
        if hostName == nil { log("  no 127.0.0.1 name in /etc/hosts besides localhost: skipping '\(BenchTLSMode.caFileByName.rawValue)'") }
        let modes = BenchTLSMode.allCases.filter { $0 != .caFileByName || hostName != nil }
        var series: [BenchTLSMode: [[CaseResult]]] = [:]
        for _ in 0..<options.runs {
            for mode in modes {
                var run = BenchSeries(options: options, scenario: scenario, concurrency: nil)
                run.tls = mode
                run.hostName = mode == .caFileByName ? hostName : nil
                series[mode, default: []].append(try run.run(log: log).cases)
            }
        }
        return BenchTLSComparison(
            guests: options.guests, latencyMilliseconds: options.latencyMilliseconds, runs: options.runs, hostName: hostName,
            modes: Dictionary(uniqueKeysWithValues: series.map { ($0.key.rawValue, fastestPerCase($0.value)) }))
    }
}

/// The TLS comparison table (docs/benchmarks.md shows it).
enum BenchTLSTable {
    static func render(_ result: BenchTLSComparison, loadAverage: [Double]) -> String {
        var lines = ["proxguac-bench --tls-modes: \(result.guests) guests, \(result.latencyMilliseconds) ms latency; "
            + "fastest of \(result.runs) run(s) per mode, modes interleaved; load average "
            + loadAverage.map { BenchTable.fixed($0, 1) }.joined(separator: " → "),
            "target: wall within 10% or 0.1 s (the larger) of caFile" + (result.hostName.map { "; host name: \($0)" } ?? ""), ""]
        let header = ["case", "TLS mode", "wall s", "CPU s", "wall ÷ caFile", "CPU ÷ caFile", "target"]
        var rows: [[String]] = []
        let baseline = result.modes[BenchTLSMode.caFile.rawValue] ?? []
        for base in baseline {
            for mode in BenchTLSMode.allCases {
                guard let item = result.modes[mode.rawValue]?.first(where: { $0.name == base.name }) else { continue }
                let allowed = max(0.1, base.wallSeconds * 0.1)
                rows.append([
                    mode == .caFile ? base.name : "",
                    mode.rawValue + (item.exitStatus == 0 ? "" : " (exit \(item.exitStatus))"),
                    BenchTable.fixed(item.wallSeconds, 2), BenchTable.fixed(item.cpuSeconds, 2),
                    ratio(item.wallSeconds, base.wallSeconds), ratio(item.cpuSeconds, base.cpuSeconds),
                    mode == .caFile ? "" : (item.wallSeconds - base.wallSeconds <= allowed ? "met" : "MISSED"),
                ])
            }
        }
        lines += BenchTable.table([header] + rows)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func ratio(_ value: Double, _ base: Double) -> String {
        base > 0 ? BenchTable.fixed(value / base, 2) : "-"
    }
}
