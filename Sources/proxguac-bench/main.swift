// proxguac-bench: the scale benchmark (issue 7). Runs the real proxguac binary against the lab and
// compares each run with the lower bound its requests allow. See README section "bench".
import Foundation
import ProxGuacLab

// Re-executed as the launcher that measures proxguac (see `MeasuredLaunch`): nothing else runs first.
if CommandLine.arguments.dropFirst().first == MeasuredLaunch.launcherFlag { MeasuredLaunch.launcherMain(CommandLine.arguments) }

func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Median wall time of `runs` runs, in milliseconds.
func medianMilliseconds(_ path: String, _ arguments: [String], runs: Int) throws -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try ChildProcess.run(path, arguments).wall.inSeconds * 1000) }
    return median(times)
}

/// Each case's fastest run over the series (same case order as the first series).
func fastestPerCase(_ series: [[CaseResult]]) -> [CaseResult] {
    guard let first = series.first else { return [] }
    return first.map { item in
        series.flatMap { $0 }.filter { $0.name == item.name }.min { $0.wallSeconds < $1.wallSeconds } ?? item
    }
}

/// The 1-minute load average (/proc/loadavg), to show how busy the machine was.
func loadAverage() -> Double {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return Double(text.split(separator: " ").first ?? "") ?? 0
}

func writeJSON(_ value: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    log("JSON written to \(path)")
}

do {
    guard let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()), programPath: CommandLine.arguments[0]) else {
        print(BenchOptions.usage)
        exit(0)
    }
    if options.core {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-bench-core-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let outcome = Result { try BenchCore(guests: options.guests, nodes: options.topology.nodesPerCluster, directory: directory).run(runs: 20) }
        try? FileManager.default.removeItem(atPath: directory)
        try outcome.get()
        exit(0)
    }
    if let sizes = options.growth {
        let growth = try BenchGrowth.run(options: options, sizes: sizes, log: log)
        print(BenchGrowthTable.render(growth), terminator: "")
        if let path = options.jsonPath { try writeJSON(growth, to: path) }
        exit(0)
    }
    let scenario = options.topology.scenario(guests: options.guests)
    let guests = options.topology.servedGuests(options.guests)
    log("proxguac-bench: \(guests) guests, \(options.topology.label), \(options.latencyMilliseconds) ms latency, \(options.proxguac)")
    let loadBefore = loadAverage()
    if options.tlsModes {
        let result = try BenchTLSComparison.run(options: options, scenario: scenario, log: log)
        print(BenchTLSTable.render(result, loadAverage: [loadBefore, loadAverage()]), terminator: "")
        if let path = options.jsonPath { try writeJSON(result, to: path) }
        exit(0)
    }
    var series: [[CaseResult]] = []
    var connections = 0
    for _ in 0..<options.runs {
        let run = try BenchSeries(options: options, scenario: scenario, concurrency: nil).run(log: log)
        series.append(run.cases)
        connections = run.connections
    }
    let cases = fastestPerCase(series)
    let baseline = options.skipBaseline ? [] : try BenchSeries(options: options, scenario: scenario, concurrency: 1).run(log: log).cases
    log("  --help timing …")
    let help = try medianMilliseconds(options.proxguac, ["--help"], runs: options.helpRuns)
    let trueTime = try medianMilliseconds("/bin/true", [], runs: options.helpRuns)
    let result = BenchResult(
        guests: guests, topology: options.topology, connections: connections, latencyMilliseconds: options.latencyMilliseconds,
        nodeWorkers: BenchSeries.nodeWorkers, cases: cases, baseline: baseline,
        helpMedianMilliseconds: help, trueMedianMilliseconds: trueTime, runs: options.runs,
        loadAverage: [loadBefore, loadAverage()])
    print(BenchTable.render(result), terminator: "")
    if let path = options.jsonPath { try writeJSON(result, to: path) }
} catch {
    log("proxguac-bench: \(error)")
    exit(1)
}
