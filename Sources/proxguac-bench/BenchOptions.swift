import Foundation

/// The command line of `proxguac-bench`.
struct BenchOptions {
    var guests = 1000
    /// Nodes of the generated cluster (`--nodes`); guests are dealt round-robin over them.
    var topology = BenchTopology()
    /// `--growth`: the default series (no baseline) at each of these guest counts, then one table.
    var growth: [Int]?
    var latencyMilliseconds = 10
    var proxguac: String
    var skipBaseline = false
    /// Print each case's timeline (`--phases`).
    var phases = false
    var jsonPath: String?
    var helpRuns = 20
    /// Series of the default run; each case reports its fastest (a loaded machine adds noise, never speed).
    var runs = 1
    /// `--core`: time the in-process steps (desired set, plan, plan text, state file) instead; no proxguac binary, no lab.
    var core = false
    /// `--tls-modes`: the default series once per TLS mode (caFile, fingerprint, system store, verify off, by name).
    var tlsModes = false

    static let usage = """
    usage: proxguac-bench [--guests N] [--clusters N] [--nodes N] [--latency-ms MS] [--runs N] [--proxguac PATH] [--skip-baseline] [--phases] [--json FILE]
           proxguac-bench --tls-modes [--guests N] [--latency-ms MS] [--runs N] [--proxguac PATH] [--json FILE]
           proxguac-bench --growth [--growth-sizes N,N,…] [--clusters N] [--nodes N] [--latency-ms MS] [--runs N] [--json FILE]
           proxguac-bench --core [--guests N]

    Runs the real proxguac binary against the lab (a generated cluster of N guests on --nodes nodes, latency on
    both servers, 3 PVE workers per node) and reports, for (a) first sync, (b) no-change re-sync,
    (c) re-sync after 1% of the notes changed and (d) list: wall time, requests per endpoint, peak RSS,
    the lower bound from the requests made and wall ÷ bound; then the same with --concurrency 1.

      --guests N        guests to generate (default 1000)
      --clusters N      named Proxmox clusters (1-8, default 1), each with its own server and --nodes nodes, all
                        serving the same generated guests (guests ÷ N each, rounded up); the config lists them
      --nodes N         nodes of each cluster, guests dealt round-robin (default 4)
      --latency-ms MS   latency per request on both servers (default 10)
      --runs N          run the default series N times, report each case's fastest run (default 1)
      --proxguac PATH   the proxguac binary (default: proxguac next to this program)
      --skip-baseline   skip the --concurrency 1 runs
      --phases          print each case's timeline: PVE requests per 100 ms, every Guacamole request
                        (when there are at most 30) and when proxguac exited, in ms after it started
      --json FILE       also write the results as JSON to FILE
      --tls-modes       run the default series once per TLS mode instead (tls.caFile, tls.fingerprint, the system
                        CA store via SSL_CERT_FILE, verify: false, and caFile with URLs naming a 127.0.0.1 host
                        from /etc/hosts), the modes interleaved in each of the N runs; compare each with caFile
      --growth          run the default series (no baseline) at 100, 1000, 3000 and 10000 guests and print one
                        table of wall, bound, wall ÷ bound, CPU (proxguac's and the lab's), peak RSS and the
                        --core plan time per size; with --json, the same as JSON (scripts/bench-growth-plot.py
                        draws it)
      --growth-sizes L  the guest counts of --growth, comma-separated (e.g. 100,1000)
      --core            time the in-process work instead (desired set, plan, plan text, state file load/save;
                        first sync and re-sync, median of 20 runs each); no network, no proxguac binary
    """

    static let defaultGrowth = [100, 1000, 3000, 10_000]

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name); nil means help was asked for.
    static func parse(_ arguments: [String], programPath: String) throws(UsageError) -> BenchOptions? {
        var options = BenchOptions(proxguac: siblingBinary(of: programPath))
        var rest = arguments[...]
        func value(_ name: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(name) needs a value; see --help") }
            return next
        }
        func number(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
            let text = try value(name)
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(description: "\(name) \(text) is not a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--guests": options.guests = try number(argument, in: 1...100_000)
            case "--nodes": options.topology.nodesPerCluster = try number(argument, in: 1...256)
            case "--clusters": options.topology.clusters = try number(argument, in: 1...8)
            case "--growth": options.growth = options.growth ?? BenchOptions.defaultGrowth
            case "--growth-sizes":
                let text = try value(argument)
                let sizes = text.split(separator: ",").compactMap { Int($0) }.filter { (1...100_000).contains($0) }
                guard !sizes.isEmpty, sizes.count == text.split(separator: ",").count else {
                    throw UsageError(description: "--growth-sizes \(text) is not a comma-separated list of guest counts from 1 to 100000")
                }
                options.growth = sizes
            case "--latency-ms": options.latencyMilliseconds = try number(argument, in: 0...10_000)
            case "--runs": options.runs = try number(argument, in: 1...20)
            case "--proxguac": options.proxguac = try value(argument)
            case "--skip-baseline": options.skipBaseline = true
            case "--phases": options.phases = true
            case "--json": options.jsonPath = try value(argument)
            case "--core": options.core = true
            case "--tls-modes": options.tlsModes = true
            case "-h", "--help": return nil
            default: throw UsageError(description: "unknown argument '\(argument)'; see --help")
            }
        }
        guard options.core || FileManager.default.isExecutableFile(atPath: options.proxguac) else {
            throw UsageError(description: "no proxguac binary at \(options.proxguac); build it (swift build -c release --product proxguac) or pass --proxguac PATH")
        }
        return options
    }

    /// `proxguac` in the directory of this program (both land in the same build directory).
    static func siblingBinary(of programPath: String) -> String {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? programPath
        return URL(fileURLWithPath: resolved).deletingLastPathComponent().appendingPathComponent("proxguac").path
    }
}
