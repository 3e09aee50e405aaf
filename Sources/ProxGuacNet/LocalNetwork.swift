import ProxGuacCore

/// Why a sweep did not run or failed.
public enum SweepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration forbids it (nothing configured, subnet too large).
    case refused(SweepPlanError)
    case io(NetworkIOError)

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

    /// The subnets `options` would sweep (with `auto` expanded), or why it would refuse.
    public func sweepPlan(_ options: NetworkDiscoveryOptions) async throws(SweepError) -> SweepPlan {
        let addresses: [LocalIPv4Address]
        do {
            addresses = try await ipv4Addresses()
        } catch {
            throw .io(error)
        }
        do {
            return try SweepPlan(specs: options.sweepSubnets, onLinkSubnets: LocalInterfaces.onLinkSubnets(addresses), allowLarge: options.allowLargeSweep)
        } catch {
            throw .refused(error)
        }
    }

    /// Pings every host of the subnets in `options` (never this machine's own addresses) and reports who answered.
    /// - Parameter socketKind: force raw or datagram sockets; `nil` tries raw, then datagram.
    public func sweep(_ options: NetworkDiscoveryOptions, socketKind: ICMPSocketKind? = nil) async throws(SweepError) -> SweepReport {
        try await sweepResult(options, socketKind: socketKind).get()
    }

    /// `sweep` as a `Result`, for callers that store it.
    public func sweepResult(_ options: NetworkDiscoveryOptions, socketKind: ICMPSocketKind? = nil) async -> Result<SweepReport, SweepError> {
        do {
            return try await executor.run { flag in LocalNetwork.performSweep(options, socketKind: socketKind, cancellation: flag) }
        } catch {
            return .failure(.io(error))
        }
    }

    /// Sends the Wake-on-LAN magic packet for `mac`; returns the 102 bytes sent.
    @discardableResult
    public func wake(_ mac: MACAddress, broadcast: IPv4Address, port: UInt16) async throws(NetworkIOError) -> [UInt8] {
        try await executor.run { _ throws(NetworkIOError) in try WakeOnLAN.send(to: mac, broadcast: broadcast, port: port) }
    }

    /// The blocking part of a sweep, run on an executor thread so that every socket and `/proc` read
    /// happens in that thread's namespace.
    private static func performSweep(_ options: NetworkDiscoveryOptions, socketKind: ICMPSocketKind?, cancellation: CancellationFlag) -> Result<SweepReport, SweepError> {
        let addresses: [LocalIPv4Address]
        do {
            addresses = try LocalInterfaces.ipv4Addresses()
        } catch {
            return .failure(.io(error))
        }
        let plan: SweepPlan
        do {
            plan = try SweepPlan(specs: options.sweepSubnets, onLinkSubnets: LocalInterfaces.onLinkSubnets(addresses), allowLarge: options.allowLargeSweep)
        } catch {
            return .failure(.refused(error))
        }
        do {
            let sweeper = try ICMPSweeper.open(socketKind)
            let clock = ContinuousClock()
            let started = clock.now
            let targets = plan.targets(excluding: Set(addresses.map(\.address)))
            let outcome = try sweeper.sweep(targets, rate: options.sweepRate, timeout: options.sweepTimeout, cancellation: cancellation)
            return .success(SweepReport(subnets: plan.subnets, outcome: outcome, duration: clock.now - started))
        } catch {
            return .failure(.io(error))
        }
    }
}
