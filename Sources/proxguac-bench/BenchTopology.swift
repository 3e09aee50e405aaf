import ProxGuacLab

/// The benchmarked Proxmox side: how many clusters and nodes, and how the guests spread over them.
/// Today the lab serves one cluster; `clusters` is kept apart from `nodesPerCluster` so that a
/// `--clusters N` option only has to start one lab cluster per entry of `scenarios(guests:)`.
struct BenchTopology: Codable, Equatable {
    var clusters = 1
    var nodesPerCluster = 4

    var totalNodes: Int { clusters * nodesPerCluster }

    /// One generated scenario per cluster; the guests are dealt round-robin over all nodes, so each
    /// cluster gets `guests ÷ clusters` (the first ones one more when it does not divide).
    func scenarios(guests: Int) -> [LabScenario] {
        (0..<clusters).map { cluster in
            let share = guests / clusters + (cluster < guests % clusters ? 1 : 0)
            return LabScenario.generated(guests: share, nodes: nodesPerCluster, seed: UInt64(cluster + 1))
        }
    }

    /// "24 nodes" or "3 clusters × 8 nodes".
    var label: String {
        clusters == 1 ? "\(nodesPerCluster) nodes" : "\(clusters) clusters × \(nodesPerCluster) nodes"
    }
}
