import ProxGuacCore

/// Why a sweep did not run or failed.
public enum SweepError: UserFacingError, Sendable, Hashable {
    /// The configuration forbids it (nothing configured, subnet too large).
    case refused(SweepPlanError)
    case io(NetworkIOError)

    public var exitCode: Int32 {
        switch self {
        case .refused(let error): error.exitCode
        case .io(let error): error.exitCode
        }
    }

    public var description: String {
        switch self {
        case .refused(let error): return error.description
        case .io(let error): return error.description
        }
    }
}

/// A finished sweep: what was probed, who answered, how long it took.
public struct SweepReport: Sendable, Hashable {
    public var subnets: [IPv4Subnet]
    public var outcome: SweepOutcome
    /// Wall-clock time from the first probe to the end of the reply window.
    public var duration: Duration
    /// The probe budget the sweep ran under, and the lines saying what it left out.
    public var budget: Int = NetworkSettings.defaultMaxProbes
    public var skipped: [String] = []
}

/// The machine's own network, seen from the namespace `executor` runs in: neighbour table, addresses,
/// ICMP sweep, Wake-on-LAN. Every call runs its blocking work on an executor thread.
public struct LocalNetwork: Sendable {
    public let executor: BlockingExecutor

    public init(executor: BlockingExecutor = .dedicatedThreads) {
        self.executor = executor
    }

    /// Complete ARP entries (IPv4).
    public func neighbours() async throws(NetworkIOError) -> [NeighbourEntry] {
        try await executor.run { _ throws(NetworkIOError) in try NeighbourTable.read() }
    }

    /// This machine's IPv4 addresses.
    public func ipv4Addresses() async throws(NetworkIOError) -> [LocalIPv4Address] {
        try await executor.run { _ throws(NetworkIOError) in try LocalInterfaces.ipv4Addresses() }
    }

    /// The probes one run may send: `network.maxProbes`, capped under the kernel's neighbour-table limits
    /// (half of `gc_thresh2`, at most a quarter of `gc_thresh3`; 256 when they cannot be read).
    public func probeBudget(_ settings: NetworkSettings) async -> Int {
        let cap = (try? await executor.run { _ throws(NetworkIOError) in NeighbourTable.kernelProbeCap() }) ?? 256
        return min(settings.maxProbes, cap)
    }

    /// The addresses `settings` would sweep (with `auto` expanded, within `budget`), or why it would refuse.
    /// - Parameter budget: `nil` is ``probeBudget(_:)``.
    public func sweepPlan(_ settings: NetworkSettings, budget: Int? = nil) async throws(SweepError) -> SweepPlan {
        let budget = await resolvedBudget(budget, settings)
        let addresses: [LocalIPv4Address]
        do {
            addresses = try await ipv4Addresses()
        } catch {
            throw .io(error)
        }
        return try LocalNetwork.plan(settings, addresses: addresses, budget: budget).get()
    }

    /// Pings every address of the plan for `settings` (never this machine's own) and reports who answered.
    /// - Parameters:
    ///   - socketKind: force raw or datagram sockets; `nil` tries raw, then datagram.
    ///   - budget: the probes this sweep may send; `nil` is ``probeBudget(_:)``.
    public func sweep(_ settings: NetworkSettings, socketKind: ICMPSocketKind? = nil, budget: Int? = nil) async throws(SweepError) -> SweepReport {
        try await sweepResult(settings, socketKind: socketKind, budget: budget).get()
    }

    /// `sweep` as a `Result`, for callers that store it.
    public func sweepResult(_ settings: NetworkSettings, socketKind: ICMPSocketKind? = nil, budget: Int? = nil) async -> Result<SweepReport, SweepError> {
        let budget = await resolvedBudget(budget, settings)
        do {
            return try await executor.run { flag in LocalNetwork.performSweep(settings, budget: budget, socketKind: socketKind, cancellation: flag) }
        } catch {
            return .failure(.io(error))
        }
    }

    /// Pings exactly `targets` (already checked by the caller against the plan), at the sweep's rate.
    public func probe(_ targets: [IPv4Address], settings: NetworkSettings) async throws(NetworkIOError) -> SweepOutcome {
        try await executor.run { flag throws(NetworkIOError) in
            try ICMPSweeper.open(nil).sweep(targets, rate: settings.sweepRate, timeout: settings.sweepTimeout, cancellation: flag)
        }
    }

    private func resolvedBudget(_ budget: Int?, _ settings: NetworkSettings) async -> Int {
        if let budget { return budget }
        return await probeBudget(settings)
    }

    static func plan(_ settings: NetworkSettings, addresses: [LocalIPv4Address], budget: Int) -> Result<SweepPlan, SweepError> {
        do {
            return .success(try SweepPlan(
                specs: settings.sweepSubnets, onLinkSubnets: LocalInterfaces.onLinkSubnets(addresses),
                ownAddresses: Set(addresses.map(\.address)), allowLarge: settings.allowLargeSweep, budget: budget))
        } catch {
            return .failure(.refused(error))
        }
    }

    /// Sends the Wake-on-LAN magic packet for `mac`; returns the 102 bytes sent and the interface they left by.
    @discardableResult
    public func wake(_ mac: MACAddress, broadcast: IPv4Address, port: UInt16) async throws(NetworkIOError) -> WakeDelivery {
        try await executor.run { _ throws(NetworkIOError) in try WakeOnLAN.send(to: mac, broadcast: broadcast, port: port) }
    }

    /// The blocking part of a sweep, run on an executor thread so that every socket and `/proc` read
    /// happens in that thread's namespace.
    private static func performSweep(_ settings: NetworkSettings, budget: Int, socketKind: ICMPSocketKind?, cancellation: CancellationFlag) -> Result<SweepReport, SweepError> {
        let addresses: [LocalIPv4Address]
        do {
            addresses = try LocalInterfaces.ipv4Addresses()
        } catch {
            return .failure(.io(error))
        }
        let plan: SweepPlan
        switch LocalNetwork.plan(settings, addresses: addresses, budget: budget) {
        case .success(let made): plan = made
        case .failure(let error): return .failure(error)
        }
        do {
            let sweeper = try ICMPSweeper.open(socketKind)
            let clock = ContinuousClock()
            let started = clock.now
            let outcome = try sweeper.sweep(plan.targets(), rate: settings.sweepRate, timeout: settings.sweepTimeout, cancellation: cancellation)
            return .success(SweepReport(subnets: plan.subnets, outcome: outcome, duration: clock.now - started, budget: plan.budget, skipped: plan.skipped))
        } catch {
            return .failure(.io(error))
        }
    }
}
