import Synchronization
import Logging
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacNet

/// Reads the selected guests of the cluster: one `/cluster/resources`, then per guest its config and
/// (when its notes ask for connections) its address, concurrently with at most
/// `proxmox.maxConcurrentPerNode` calls per node. A guest on an unreachable node is marked
/// `.nodeOffline` (its connections are kept, never deleted).
public struct ProxmoxSnapshotLoader: Sendable {
    public let client: ProxmoxClient
    public let filter: GuestFilter
    public let perNodeLimit: Int
    public let discovery: NeighbourDiscovery
    /// Only an applying run may start a stopped guest for discovery (`network.startStoppedForDiscovery`):
    /// `list`, `--dry-run` and the TUI's screens never change a guest's power state.
    public let mayStartGuests: Bool
    /// Called with one line when a guest was started for discovery (and stopped again), for the audit log.
    let audit: (@Sendable (AuditRecord) -> Void)?
    let logger: Logger
    /// Called after each guest is read, with (guests read, guests selected): the menus' loading count.
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// - Parameters:
    ///   - sweepMemo: the remembered sweep from the state file (fetched only when a sweep is due).
    ///   - sharedDiscovery: the neighbour discovery of every cluster's loader (one sweep of the local network per
    ///     run); nil makes this loader's own from `network` and `sweepMemo`.
    public init(client: ProxmoxClient, filter: GuestFilter, perNodeLimit: Int, network: NetworkSettings, logger: Logger,
                mayStartGuests: Bool = false, audit: (@Sendable (AuditRecord) -> Void)? = nil,
                sweepMemo: @escaping @Sendable () async -> SweepMemo? = { nil }, sharedDiscovery: NeighbourDiscovery? = nil) {
        self.client = client
        self.filter = filter
        self.perNodeLimit = max(1, perNodeLimit)
        self.discovery = sharedDiscovery ?? NeighbourDiscovery(settings: network, memoSource: sweepMemo)
        self.mayStartGuests = mayStartGuests
        self.audit = audit
        self.logger = logger
    }

    /// Every selected guest, sorted by VM id. Status is not membership: a guest the filters leave out only
    /// because of its status (stopped under `status: ["running"]`, `unknown` on an offline node) is listed
    /// with `readFailure` `.statusNotSelected` (or `.nodeOffline`), so its connections are kept, never deleted.
    public func load() async throws(ProxmoxError) -> [GuestSnapshot] {
        let all = try await client.guests()
        let selected = all.filter { filter.includes($0) }
        let keptByStatus = all.filter { !filter.includes($0) && filter.includesIgnoringStatus($0) }.map(Self.keptByStatus)
        let byNode = Dictionary(grouping: selected, by: \.node)
        // One URL serves every node: the transport must carry every node's requests at once.
        client.allowConcurrentRequests(perNodeLimit * byNode.count)
        var counting = self
        if let progress {
            let read = ReadCounter()
            let total = selected.count
            progress(0, total)
            counting.progress = { _, _ in progress(read.next(), total) }
        }
        let loader = counting
        let loaded = await withTaskGroup(of: [GuestSnapshot].self) { group in
            for guests in byNode.values {
                group.addTask { await loader.loadNode(guests) }
            }
            var result: [GuestSnapshot] = []
            for await part in group { result += part }
            return result
        }
        return (loaded + keptByStatus).sorted { $0.facts.vmid < $1.facts.vmid }
    }

    /// A guest left out only by a status filter: nothing is read, nothing created, its connections kept.
    static func keptByStatus(_ resource: ProxmoxGuestResource) -> GuestSnapshot {
        let facts = GuestFacts(
            vmid: resource.vmid, name: resource.name ?? "vm\(resource.vmid)", node: resource.node,
            kind: resource.kind == .lxc ? .lxc : .qemu, status: resource.status, isTemplate: resource.isTemplate,
            tags: tags(resource.tags), pool: resource.pool)
        let availability: GuestAvailability = resource.status == "unknown"
            ? .nodeOffline(node: resource.node) : .statusNotSelected(status: resource.status)
        return GuestSnapshot(facts: facts, reference: resource.reference, readFailure: availability)
    }

    /// The guests of one node, `perNodeLimit` at a time.
    private func loadNode(_ guests: [ProxmoxGuestResource]) async -> [GuestSnapshot] {
        let loader = self
        return await withTaskGroup(of: GuestSnapshot.self) { group in
            var pending = guests.makeIterator()
            for _ in 0..<perNodeLimit {
                guard let next = pending.next() else { break }
                group.addTask { await loader.loadGuest(next) }
            }
            var result: [GuestSnapshot] = []
            while let snapshot = await group.next() {
                result.append(snapshot)
                loader.progress?(0, 0)
                if let next = pending.next() { group.addTask { await loader.loadGuest(next) } }
            }
            return result
        }
    }

    func loadGuest(_ resource: ProxmoxGuestResource) async -> GuestSnapshot {
        var facts = GuestFacts(
            vmid: resource.vmid, name: resource.name ?? "vm\(resource.vmid)", node: resource.node,
            kind: resource.kind == .lxc ? .lxc : .qemu, status: resource.status, isTemplate: resource.isTemplate,
            tags: Self.tags(resource.tags), pool: resource.pool)
        let config: ProxmoxGuestConfig
        do {
            config = try await client.config(of: resource.reference)
        } catch {
            logger.warning("cannot read the config of \(resource.reference): \(error)")
            let failure: GuestAvailability = if case .nodeOffline(let node, _) = error {
                .nodeOffline(node: node)
            } else {
                .invalidNotes(diagnostics: ["cannot read the guest config: \(error)"])
            }
            return GuestSnapshot(facts: facts, reference: resource.reference, readFailure: failure)
        }
        if resource.name == nil, let name = config.name { facts.name = name }
        let network = GuestNetworkConfig(config: config.values, kind: resource.reference.kind)
        for (index, device) in network.devices {
            if let mac = device.mac { facts.macAddresses[index] = mac.description }
        }
        var snapshot = GuestSnapshot(
            facts: facts, reference: resource.reference, notes: config.description ?? "", digest: config.digest)
        // Only guests whose notes ask for connections need an address (each lookup costs calls).
        if snapshot.parsedNotes.entries.contains(where: { $0.host == nil }) {
            let query = GuestAddressQuery(
                guest: resource.reference, config: network,
                agentEnabled: resource.reference.kind == .lxc || config.agentEnabled)
            // A guest that is not running cannot answer agent or LXC interface calls: no request for those.
            let interfaces: any GuestInterfaceSource = resource.status == "running"
                ? ProxmoxGuestNetwork(client: client) : StoppedGuestInterfaces()
            var resolution = await GuestAddressSteps.resolve(query, proxmox: interfaces, discovery: discovery)
            var source = resolution.address.map { "\($0.source)" }
            if resolution.address == nil, mayStartGuests, discovery.settings.startStoppedForDiscovery,
               resource.status == "stopped", !resource.isTemplate,
               let found = await discoverByStarting(resource.reference, query: query) {
                resolution = found
                source = found.address.map { "\($0.source), started for discovery" }
            }
            snapshot.facts.address = resolution.address?.host
            snapshot.facts.addressSource = source
        }
        return snapshot
    }

    /// `network.startStoppedForDiscovery`: start the stopped guest, poll the chain for an address
    /// (bounded), then stop it again — also on errors and Ctrl-C (`DiscoveryPowerCycle` restores the state).
    private func discoverByStarting(_ guest: GuestReference, query: GuestAddressQuery) async -> AddressResolution? {
        let proxmox = ProxmoxGuestNetwork(client: client)
        let discovery = self.discovery
        do {
            audit?(AuditRecord(action: "start-for-discovery", target: "\(guest)", result: "ok",
                               message: "stopped guest started to find its address (network.startStoppedForDiscovery)"))
            // SIGINT/SIGTERM meanwhile stop the guest before the process ends (`DiscoverySignalGuard`).
            let resolution = try await DiscoverySignalGuard.guarding(guest, control: proxmox) {
                try await DiscoveryPowerCycle.withGuestRunning(guest, control: proxmox) { _ in
                    await AddressPolling.untilFound(timeout: Self.discoveryTimeout, interval: Self.discoveryInterval) {
                        await GuestAddressSteps.resolve(query, proxmox: proxmox, discovery: discovery)
                    }
                }
            }
            audit?(AuditRecord(action: "stop-after-discovery", target: "\(guest)", result: "ok",
                               message: resolution.address == nil ? "no address found; stopped again" : "address found; stopped again"))
            return resolution.address == nil ? nil : resolution
        } catch {
            audit?(AuditRecord(action: "stop-after-discovery", target: "\(guest)", result: "failed", message: "\(error)"))
            logger.warning("\(guest): starting it to find its address failed: \(error)")
            return nil
        }
    }

    /// How long a guest started for discovery may take to show an address, and how often to ask.
    static let discoveryTimeout: Duration = .seconds(90)
    static let discoveryInterval: Duration = .seconds(2)

    static func tags(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
    }
}

/// Guests read so far (a shared reference: the nodes' tasks count concurrently).
private final class ReadCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
