import Logging
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacNet
import Synchronization

/// What reading one cluster gave: its guests (each carrying the cluster's name) or the error, and its token's scope.
struct ClusterRead: Sendable {
    let reader: ClusterReader
    let loader: ProxmoxSnapshotLoader
    private(set) var guests: Result<[GuestSnapshot], ProxmoxError>
    /// Where the token holds `VM.Audit` (`DeletionGuard.auditScope`); nil when `/access/permissions` cannot be read.
    let scope: Set<String>?
    /// How many guests were read (selected); nil when the cluster could not be read. Kept by `releasingGuests()`.
    let guestCount: Int?

    init(reader: ClusterReader, loader: ProxmoxSnapshotLoader, guests: Result<[GuestSnapshot], ProxmoxError>, scope: Set<String>?) {
        self.reader = reader
        self.loader = loader
        self.guests = guests
        self.scope = scope
        guestCount = try? guests.get().count
    }

    /// The same read without its guests (an empty list, `guestCount` kept): once `SyncEngine.guests(of:)` has put every
    /// cluster's guests in one list, the per-cluster lists are not held twice while the plan is built.
    func releasingGuests() -> ClusterRead {
        var read = self
        if case .success = read.guests { read.guests = .success([]) }
        return read
    }
}

/// The reads handed over once: `take()` leaves the box empty, so whoever took them decides when they are released.
final class ClusterReads: Sendable {
    private let reads: Mutex<[ClusterRead]>

    init(_ reads: [ClusterRead]) {
        self.reads = Mutex(reads)
    }

    func take() -> [ClusterRead] {
        reads.withLock { reads in
            defer { reads = [] }
            return reads
        }
    }
}

extension SyncEngine {
    /// Reads every cluster at once (each with its own loader and per-node limits, all over the one transport).
    /// Never throws: a cluster's error is in its ``ClusterRead``.
    func readClusters(safety: RunSafety, sweepMemo: @escaping @Sendable () async -> SweepMemo?,
                      progress: (@Sendable (Int, Int) -> Void)?) async -> [ClusterRead] {
        let counter = clusters.count > 1 ? progress.map(ClusterReadProgress.init) : nil
        // One local network, one neighbour table and at most one sweep, whichever cluster's guest asks first.
        let discovery = NeighbourDiscovery(settings: config.network, memoSource: sweepMemo)
        let loaders = clusters.enumerated().map { index, reader in
            var loader = ProxmoxSnapshotLoader(
                client: reader.client, filter: config.sync.filter, perNodeLimit: reader.settings.maxConcurrentPerNode,
                network: config.network, logger: logger, mayStartGuests: safety.applying, audit: discoveryAudit(safety),
                sweepMemo: sweepMemo, sharedDiscovery: discovery)
            if let counter {
                loader.progress = { read, total in counter.update(cluster: index, read: read, total: total) }
            } else {
                loader.progress = progress
            }
            return loader
        }
        let log = self.logger
        return await withTaskGroup(of: (Int, ClusterRead).self) { group in
            for (index, loader) in loaders.enumerated() {
                let reader = clusters[index]
                group.addTask {
                    async let scope = Self.auditScope(of: reader, logger: log)
                    let guests: Result<[GuestSnapshot], ProxmoxError>
                    do throws(ProxmoxError) {
                        var loaded = try await loader.load()
                        for index in loaded.indices { loaded[index].facts.cluster = reader.name }
                        guests = .success(loaded)
                    } catch {
                        guests = .failure(error)
                    }
                    return (index, ClusterRead(reader: reader, loader: loader, guests: guests, scope: await scope))
                }
            }
            var reads = [ClusterRead?](repeating: nil, count: loaders.count)
            for await (index, read) in group { reads[index] = read }
            return reads.compactMap { $0 }
        }
    }

    /// Every cluster's guests, in config order, and the clusters that could not be read. With one cluster its
    /// error is the run's (exit 1, as always); with several, a cluster's error holds that cluster only.
    static func guests(of reads: [ClusterRead]) throws(ProxmoxError) -> ([GuestSnapshot], [FailedCluster]) {
        var guests: [GuestSnapshot] = []
        guests.reserveCapacity(reads.reduce(0) { $0 + ($1.guestCount ?? 0) })
        var failed: [FailedCluster] = []
        for read in reads {
            switch read.guests {
            case .success(let loaded):
                guests += loaded
            case .failure(let error):
                if reads.count == 1 { throw error }
                failed.append(FailedCluster(name: read.reader.name, problem: OneLine.make("\(error)")))
            }
        }
        return (guests, failed)
    }

    /// Where the cluster's token holds `VM.Audit`; nil (with a warning) when `/access/permissions` cannot be read.
    static func auditScope(of reader: ClusterReader, logger: Logger) async -> Set<String>? {
        do {
            return DeletionGuard.auditScope(try await reader.client.permissions().privilegesByPath)
        } catch {
            let which = reader.name.map { " of cluster \"\($0.text)\"" } ?? ""
            logger.warning("cannot read the token's permissions\(which) (/access/permissions): \(error)")
            return nil
        }
    }

    /// Guests started for discovery are recorded in the audit log (only applying runs start any).
    func discoveryAudit(_ safety: RunSafety) -> (@Sendable (AuditRecord) -> Void)? {
        guard safety.applying, config.network.startStoppedForDiscovery else { return nil }
        let path = auditLogPath
        return { record in (try? AuditLog(path: path))?.append(record) }
    }
}
