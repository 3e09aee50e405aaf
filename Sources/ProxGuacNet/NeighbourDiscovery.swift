import ProxGuacCore

/// A sweep and the neighbour table read right after it.
public struct SweepSnapshot: Sendable, Hashable {
    public var report: SweepReport
    /// Includes hosts that ignore ping but answered ARP during the sweep.
    public var neighbours: [NeighbourEntry]
}

/// Local discovery shared by every guest of one run: the neighbour table is read once and reused, and
/// the sweep runs at most once (concurrent callers wait for the same sweep) followed by a fresh read of
/// the table.
public actor NeighbourDiscovery {
    public nonisolated let options: NetworkDiscoveryOptions
    private let network: LocalNetwork
    private var table: [NeighbourEntry]?
    private var sweepTask: Task<Result<SweepSnapshot, SweepError>, Never>?

    public init(network: LocalNetwork = LocalNetwork(), options: NetworkDiscoveryOptions) {
        self.network = network
        self.options = options
    }

    /// The neighbour table as it was first read in this run.
    public func neighbours() async throws(NetworkIOError) -> [NeighbourEntry] {
        if let table { return table }
        let fresh = try await network.neighbours()
        table = fresh
        return fresh
    }

    /// Sweeps the configured subnets once per run, then reads the neighbour table again.
    public func sweepOnce() async throws(SweepError) -> SweepSnapshot {
        let task = sweepTask ?? Task { [network, options] in await NeighbourDiscovery.sweepThenRead(network, options) }
        sweepTask = task
        return try await task.value.get()
    }

    private static func sweepThenRead(_ network: LocalNetwork, _ options: NetworkDiscoveryOptions) async -> Result<SweepSnapshot, SweepError> {
        switch await network.sweepResult(options) {
        case .failure(let error):
            return .failure(error)
        case .success(let report):
            do {
                return .success(SweepSnapshot(report: report, neighbours: try await network.neighbours()))
            } catch {
                return .failure(.io(error))
            }
        }
    }
}
