import Foundation
import ProxGuacCore

/// A sweep of this run and the neighbour table read right after it.
public struct SweepSnapshot: Sendable, Hashable {
    public var report: SweepReport
    /// Includes hosts that ignore ping but answered ARP during the sweep.
    public var neighbours: [NeighbourEntry]
    /// The MACs that answered this sweep (confirmed while it ran), with the address each answered on.
    public var answers: [MACAddress: IPv4Address]
}

/// What the sweep step has to work with: this run's sweep, or an earlier applying run's remembered one.
public enum SweepSight: Sendable, Hashable {
    case swept(SweepSnapshot)
    case remembered(SweepMemo)
}

/// Local discovery shared by every guest of one run.
///
/// - The neighbour table is read over netlink and reused for at most ``tableMaxAge`` (so guests looked up
///   together share one read, while a guest polled after being started sees the table as it is now).
/// - The sweep runs at most once per run (concurrent callers wait for the same sweep), and not at all
///   while a remembered sweep from the state (`memo`) is younger than `network.sweepInterval`.
/// - Every probe of the run — sweep and re-probes of a guest's candidate addresses — comes out of one
///   budget (`network.maxProbes`, capped under the kernel's neighbour-table limits).
public actor NeighbourDiscovery {
    public nonisolated let settings: NetworkSettings
    /// How long one read of the neighbour table is reused.
    public static let tableMaxAge: Duration = .seconds(1)

    private let network: LocalNetwork
    private let memoSource: @Sendable () async -> SweepMemo?
    private var memo: SweepMemo?
    private let now: @Sendable () -> Date
    private let clock = ContinuousClock()
    private var table: (readAt: ContinuousClock.Instant, task: Task<Result<[NeighbourEntry], NetworkIOError>, Never>)?
    private var sweepTask: Task<Result<SweepSight, SweepError>, Never>?
    private var completedSweep: SweepSnapshot?
    private var sweepFinishedAt: ContinuousClock.Instant?
    private var budgetLeft: Int?
    private var probesSent = 0
    private var probedAddresses: [IPv4Address] = []

    /// - Parameters:
    ///   - memo: the remembered sweep from the state file (applying runs pass it; `nil` always sweeps).
    ///   - now: wall-clock time, for the memo's age.
    public init(network: LocalNetwork = LocalNetwork(), settings: NetworkSettings, memo: SweepMemo? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(network: network, settings: settings, memoSource: { memo }, now: now)
    }

    /// - Parameter memoSource: fetched once, when the first sweep is due (the state file may still be
    ///   being read when discovery starts).
    public init(network: LocalNetwork = LocalNetwork(), settings: NetworkSettings, memoSource: @escaping @Sendable () async -> SweepMemo?,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.network = network
        self.settings = settings
        self.memoSource = memoSource
        self.now = now
    }

    /// The neighbour table, read at most ``tableMaxAge`` ago.
    public func neighbours() async throws(NetworkIOError) -> [NeighbourEntry] {
        if let table, clock.now - table.readAt < Self.tableMaxAge { return try await table.task.value.get() }
        let task = Task { [network] () -> Result<[NeighbourEntry], NetworkIOError> in
            do throws(NetworkIOError) { return .success(try await network.neighbours()) } catch { return .failure(error) }
        }
        table = (clock.now, task)
        return try await task.value.get()
    }

    /// This run's sweep if one finished, without starting one or waiting for one under way.
    public var finishedSweep: SweepSnapshot? { completedSweep }

    /// Sweeps the configured subnets once per run (then reads the table again) — or, when the remembered
    /// sweep is young enough and about the same subnets, uses that instead.
    public func sweepOnce() async throws(SweepError) -> SweepSight {
        if let sweepTask { return try await sweepTask.value.get() }
        let task = Task { await self.sweepOrRemember() }
        sweepTask = task
        return try await task.value.get()
    }

    /// Pings the guest's candidate addresses (those the table or the memo ever had for `mac`) that lie in
    /// the sweep's target set, within the run's budget, then reads the table again. `nil` when there was
    /// nothing to probe.
    /// Right after this run's sweep (which just probed every candidate) it does nothing.
    public func reprobe(_ mac: MACAddress) async -> [NeighbourEntry]? {
        if let sweepFinishedAt, clock.now - sweepFinishedAt < Self.tableMaxAge { return nil }
        guard let plan = try? await network.sweepPlan(settings, budget: max(0, await remainingBudget())) else { return nil }
        let table = (try? await neighbours()) ?? []
        var candidates = table.filter { $0.mac == mac }.compactMap { entry -> IPv4Address? in
            if case .v4(let address) = entry.address { return address }
            return nil
        }
        if let remembered = memo?.addresses[mac] { candidates.append(remembered) }
        let allowed = candidates.filter { address in plan.subnets.contains { $0.contains(address) } && !plan.excluded.contains(address) }
        // Read the budget again after the awaits above: another guest's re-probe may have spent some.
        let targets = Array(Set(allowed)).sorted().prefix(max(0, budgetLeft ?? 0))
        guard !targets.isEmpty else { return nil }
        spend(Array(targets))
        _ = try? await network.probe(Array(targets), settings: settings)
        self.table = nil
        return try? await neighbours()
    }

    /// The memo to write to the state after this run: this run's sweep answers, or `nil` when it did not sweep.
    public func memoToRemember() async -> SweepMemo? {
        guard let snapshot = completedSweep else { return nil }
        return SweepMemo(time: now(), subnets: snapshot.report.subnets, addresses: snapshot.answers)
    }

    /// Every address this run probed, in order (tests check it against the plan).
    public var probeLog: [IPv4Address] { probedAddresses }

    private func remainingBudget() async -> Int {
        if budgetLeft == nil { budgetLeft = await network.probeBudget(settings) }
        return budgetLeft ?? 0
    }

    private func spend(_ targets: [IPv4Address]) {
        budgetLeft = max(0, (budgetLeft ?? 0) - targets.count)
        probedAddresses += targets
    }

    private func sweepOrRemember() async -> Result<SweepSight, SweepError> {
        memo = await memoSource()
        let budget = await remainingBudget()
        let plan: SweepPlan
        do {
            plan = try await network.sweepPlan(settings, budget: budget)
        } catch {
            return .failure(error)
        }
        if let memo, memo.isReusable(at: now(), intervalSeconds: settings.sweepIntervalSeconds, subnets: plan.subnets) {
            return .success(.remembered(memo))
        }
        let started = clock.now
        let report: SweepReport
        switch await network.sweepResult(settings, budget: budget) {
        case .failure(let error): return .failure(error)
        case .success(let done): report = done
        }
        spend(plan.targets())
        do {
            let table = try await network.neighbours()
            let elapsed = clock.now - started
            var answers: [MACAddress: IPv4Address] = [:]
            // An answer to the sweep: the address answered the ping, the kernel confirmed its entry (ARP)
            // while the sweep ran, or the entry is REACHABLE (confirmed so recently that the kernel sent the
            // probe without asking ARP again). The freshest per MAC.
            let responders = Set(report.outcome.responders)
            for entry in table.sorted(by: NeighbourRanking.fresher) where entry.state.isConfirmed {
                guard case .v4(let address) = entry.address, answers[entry.mac] == nil,
                      plan.subnets.contains(where: { $0.contains(address) }) else { continue }
                let confirmedDuringSweep = entry.confirmedAgo.map { $0 <= elapsed } ?? false
                if responders.contains(address) || confirmedDuringSweep || entry.state == .reachable { answers[entry.mac] = address }
            }
            self.table = (clock.now, Task { .success(table) })
            let snapshot = SweepSnapshot(report: report, neighbours: table, answers: answers)
            completedSweep = snapshot
            sweepFinishedAt = clock.now
            return .success(.swept(snapshot))
        } catch {
            return .failure(.io(error))
        }
    }
}
