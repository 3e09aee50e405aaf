/// The fastest a run could possibly be, given the requests it made and the limits it runs under
/// (the benchmark's yardstick, issue 7). Each request costs `latency`:
/// - Proxmox: each node serves at most `nodeWorkers` requests at once, so a node's requests take at
///   least `requests × latency ÷ nodeWorkers`; the slowest node counts. Cluster-wide requests
///   (`/cluster/resources`, `/version`, …) come first (the node calls depend on them): one latency
///   when there were any.
/// - Guacamole: `requests × latency ÷ concurrency` (the server is unlimited, the client sends at most
///   `concurrency` at once).
/// - The two sides run at the same time, so the bound is the larger of the two.
public struct BenchLowerBound: Sendable, Equatable {
    public var proxmox: Duration
    public var guacamole: Duration

    public var total: Duration { max(proxmox, guacamole) }

    public init(proxmox: Duration, guacamole: Duration) {
        self.proxmox = proxmox
        self.guacamole = guacamole
    }

    /// - Parameters:
    ///   - nodeRequests: PVE requests per node (`Lab.requestsPerNode()` during the run).
    ///   - clusterRequests: the other PVE requests.
    ///   - guacamoleRequests: every Guacamole request.
    ///   - nodeWorkers: the smaller of the server's per-node workers and the client's per-node limit.
    ///   - guacamoleConcurrency: the client's concurrency towards Guacamole.
    public init(latency: Duration, nodeRequests: [String: Int], clusterRequests: Int, guacamoleRequests: Int,
                nodeWorkers: Int, guacamoleConcurrency: Int) {
        let busiestNode = nodeRequests.values.max() ?? 0
        let nodeTime = latency * busiestNode / max(1, nodeWorkers)
        proxmox = (clusterRequests > 0 ? latency : .zero) + nodeTime
        guacamole = latency * guacamoleRequests / max(1, guacamoleConcurrency)
    }

    /// wall ÷ bound (0 when the bound is zero).
    public func ratio(wall: Duration) -> Double {
        let bound = total.seconds
        return bound > 0 ? wall.seconds / bound : 0
    }
}
