import Foundation

/// The terminal table (also pasted into the README).
enum BenchTable {
    static func render(_ result: BenchResult) -> String {
        var lines = ["proxguac-bench: \(result.guests) guests (\(result.connections) connections), \(result.topology.label), "
            + "\(result.latencyMilliseconds) ms latency, \(result.nodeWorkers) PVE workers per node; "
            + "fastest of \(result.runs) run(s), load average \(result.loadAverage.map { fixed($0, 1) }.joined(separator: " → "))", ""]
        let header = ["case", "wall s", "bound s", "wall/bound", "CPU s", "lab CPU s", "PVE req", "Guac req", "RSS MB", "conc-1 s", "speedup"]
        var rows: [[String]] = []
        for item in result.cases {
            let slow = result.baseline.first { $0.name == item.name }
            rows.append([
                item.name + (item.exitStatus == 0 ? "" : " (exit \(item.exitStatus))"),
                fixed(item.wallSeconds, 2), fixed(item.boundSeconds, 2), fixed(item.ratio, 2), fixed(item.cpuSeconds, 2),
                fixed(item.labCPUSeconds, 2),
                "\(item.proxmoxRequests)", "\(item.guacamoleRequests)", fixed(item.peakRSSMegabytes, 1),
                slow.map { fixed($0.wallSeconds, 2) } ?? "-",
                result.speedup(item.name).map { fixed($0, 1) + "×" } ?? "-",
            ])
        }
        lines += table([header] + rows)
        lines.append("")
        lines.append("proxguac --help: median \(fixed(result.helpMedianMilliseconds, 1)) ms "
            + "(/bin/true: \(fixed(result.trueMedianMilliseconds, 1)) ms)")
        for item in result.cases {
            lines.append("")
            lines.append("\(item.name): requests per endpoint")
            for (key, count) in item.requests.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                lines.append("  \(String(count).leftPadded(6))  \(key)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().flatMap { index, row -> [String] in
            let line = row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0) : cell.leftPadded(widths[column])
            }.joined(separator: "  ")
            return index == 0 ? [line, String(repeating: "-", count: line.count)] : [line]
        }
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
