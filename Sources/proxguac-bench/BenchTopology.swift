import ProxGuacLab

/// The benchmarked Proxmox side: how many clusters and nodes, and how the guests spread over them.
/// The lab's clusters serve the same generated guests (same vmids and names: the cluster name keeps
/// them apart, `sync.groupPerCluster` puts each under its own group), so each cluster gets
/// `guests ÷ clusters`, rounded up.
struct BenchTopology: Codable, Equatable {
    var clusters = 1
    var nodesPerCluster = 4

    var totalNodes: Int { clusters * nodesPerCluster }

    /// The guests of one cluster when `guests` are asked for in all.
    func guestsPerCluster(_ guests: Int) -> Int { (guests + clusters - 1) / clusters }

    /// The guests the lab serves in all (`guests` rounded up to a multiple of `clusters`).
    func servedGuests(_ guests: Int) -> Int { guestsPerCluster(guests) * clusters }

    /// The generated scenario every cluster of the lab serves.
    func scenario(guests: Int) -> LabScenario {
        LabScenario.generated(guests: guestsPerCluster(guests), nodes: nodesPerCluster)
    }

    /// "24 nodes" or "3 clusters × 8 nodes".
    var label: String {
        clusters == 1 ? "\(nodesPerCluster) nodes" : "\(clusters) clusters × \(nodesPerCluster) nodes"
    }
}
