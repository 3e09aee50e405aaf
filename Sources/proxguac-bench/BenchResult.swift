/// The measurements of one case in one series.
struct CaseResult: Codable {
    var name: String
    /// "default" or "concurrency 1".
    var series: String
    var exitStatus: Int32
    var wallSeconds: Double
    /// User + system CPU time of proxguac.
    var cpuSeconds: Double
    /// User + system CPU time of the bench process meanwhile: the lab's (both servers run in it).
    var labCPUSeconds: Double
    var peakRSSMegabytes: Double
    /// Requests per `METHOD /route/template`, both servers.
    var requests: [String: Int]
    var proxmoxRequests: Int
    var proxmoxRequestsPerNode: [String: Int]
    var guacamoleRequests: Int
    var boundSeconds: Double
    var boundProxmoxSeconds: Double
    var boundGuacamoleSeconds: Double
    /// wall ÷ bound.
    var ratio: Double
}

/// Everything one benchmark run measured.
struct BenchResult: Codable {
    var guests: Int
    var topology: BenchTopology
    var connections: Int
    var latencyMilliseconds: Int
    var nodeWorkers: Int
    var cases: [CaseResult]
    var baseline: [CaseResult]
    var helpMedianMilliseconds: Double
    var trueMedianMilliseconds: Double
    /// Series of the default run (each case shows its fastest).
    var runs: Int
    /// 1-minute load average before and after the runs.
    var loadAverage: [Double]

    /// Default-run wall time ÷ the `--concurrency 1` one, per case name.
    func speedup(_ name: String) -> Double? {
        guard let fast = cases.first(where: { $0.name == name }), let slow = baseline.first(where: { $0.name == name }),
              fast.wallSeconds > 0 else { return nil }
        return slow.wallSeconds / fast.wallSeconds
    }
}
