extension SweepTarget {
    /// Parses one entry of `network.sweepSubnets`: `"auto"` or an IPv4 CIDR.
    public init(_ text: String) throws(NetworkValueError) {
        if NetworkText.trimmed(text).lowercased() == "auto" {
            self = .auto
        } else {
            self = .subnet(try IPv4Subnet(text))
        }
    }
}

/// Why a sweep will not run.
public enum SweepPlanError: UserFacingError, Sendable, Hashable {
    case nothingConfigured
    case noOnLinkSubnets
    case tooLarge(IPv4Subnet, origin: String)
    /// Loopback, multicast, broadcast, "this network" (0/8), reserved (240/4) or link-local space.
    case notUnicast(IPv4Subnet)
    /// Not on a subnet of any interface that is up: ARP can never map it.
    case notOnLink(IPv4Subnet)

    /// The configuration (or command line) asks for something the rules forbid.
    public var exitCode: Int32 { ExitStatus.usage }

    public var description: String {
        switch self {
        case .nothingConfigured:
            return "no subnets to sweep: set network.sweepSubnets to CIDRs such as [\"198.51.100.0/24\"] or [\"auto\"] (the default is empty, which never sweeps)"
        case .noOnLinkSubnets:
            return "network.sweepSubnets is \"auto\" but this machine has no on-link IPv4 subnet narrow enough to sweep (no interface is up with an IPv4 address, or all are wider than the probe budget): list the subnets explicitly"
        case .tooLarge(let subnet, let origin):
            return "refusing to sweep \(subnet) (\(origin), \(subnet.hostCount) hosts): larger than /\(SweepPlan.largestPrefixWithoutPermission); pass --allow-large or set network.allowLargeSweep: true"
        case .notUnicast(let subnet):
            return "refusing to sweep \(subnet): it holds loopback, multicast, broadcast, reserved or link-local addresses, never a guest; list unicast subnets such as 198.51.100.0/24"
        case .notOnLink(let subnet):
            return "refusing to sweep \(subnet): no interface of this machine is on it, so ARP can never map its addresses; sweep an on-link subnet, or write {\"subnet\": \"\(subnet)\", \"routed\": true} to probe it through the router anyway"
        }
    }
}

/// The addresses a sweep will probe: the configured list with `auto` expanded, de-duplicated, checked
/// for sense (unicast, on-link unless `routed`), and cut at the run's probe budget. Pure, so the rules
/// are tested without a network.
///
/// The budget bounds what the sweep costs the host and the LAN: every absent address probed leaves an
/// INCOMPLETE/FAILED entry in the kernel's neighbour table (shared by all namespaces) and costs up to 3
/// broadcast ARP requests the kernel sends on its own schedule.
public struct SweepPlan: Sendable, Hashable {
    /// Anything larger than this prefix (more than 1022 hosts) needs explicit permission.
    public static let largestPrefixWithoutPermission = 22

    /// The subnets the plan covers (possibly only in part: see `truncated`).
    public let subnets: [IPv4Subnet]
    /// One line per interface or subnet left out (an `auto` interface wider than the budget, ...).
    public let skipped: [String]
    /// The most probes this plan sends.
    public let budget: Int
    /// This machine's own addresses: never probed.
    public let excluded: Set<IPv4Address>

    /// - Parameters:
    ///   - specs: `network.sweepSubnets`.
    ///   - onLinkSubnets: the machine's on-link IPv4 subnets with the interface each is on (used for `auto`
    ///     and for the on-link rule).
    ///   - ownAddresses: this machine's addresses, never probed.
    ///   - allowLarge: `--allow-large` / `network.allowLargeSweep`.
    ///   - budget: the probes left in this run (`network.maxProbes`, capped under the kernel's limits).
    public init(specs: [SweepTarget], onLinkSubnets: [(subnet: IPv4Subnet, interface: String)], ownAddresses: Set<IPv4Address> = [],
                allowLarge: Bool, budget: Int = NetworkSettings.defaultMaxProbes) throws(SweepPlanError) {
        guard !specs.isEmpty else { throw .nothingConfigured }
        let budget = max(0, budget)
        var chosen: [IPv4Subnet] = []
        var skipped: [String] = []
        for spec in specs {
            switch spec {
            case .subnet(let subnet), .routed(let subnet):
                guard Self.isUnicastRange(subnet) else { throw .notUnicast(subnet) }
                if case .subnet = spec, !onLinkSubnets.contains(where: { $0.subnet.covers(subnet) }) { throw .notOnLink(subnet) }
                if subnet.prefixLength < Self.largestPrefixWithoutPermission, !allowLarge {
                    throw .tooLarge(subnet, origin: "from network.sweepSubnets")
                }
                chosen.append(subnet)
            case .auto:
                var usable = 0
                for (subnet, interface) in onLinkSubnets {
                    if !Self.isUnicastRange(subnet) { continue }
                    if subnet.hostCount > budget {
                        skipped.append("skipping \(subnet) on \(interface) (auto): its \(subnet.hostCount) addresses exceed the probe budget of \(budget) (network.maxProbes); list a narrower subnet to sweep part of it")
                        continue
                    }
                    if subnet.prefixLength < Self.largestPrefixWithoutPermission, !allowLarge {
                        skipped.append("skipping \(subnet) on \(interface) (auto): larger than /\(Self.largestPrefixWithoutPermission) without network.allowLargeSweep")
                        continue
                    }
                    usable += 1
                    chosen.append(subnet)
                }
                if usable == 0, skipped.isEmpty { throw .noOnLinkSubnets }
            }
        }
        var unique: [IPv4Subnet] = []
        for subnet in chosen where !unique.contains(subnet) { unique.append(subnet) }
        // A subnet inside another listed one adds nothing.
        subnets = unique.filter { inner in
            !unique.contains { outer in outer != inner && outer.prefixLength < inner.prefixLength && outer.contains(inner.network) }
        }.sorted()
        self.budget = budget
        self.excluded = ownAddresses
        let total = subnets.reduce(0) { $0 + $1.hostCount }
        if total > budget {
            skipped.append("the probe budget of \(budget) (network.maxProbes) covers \(budget) of the \(total) addresses; the rest are not probed this run")
        }
        self.skipped = skipped
    }

    /// Every address to probe, each once, ascending, without this machine's own, at most `budget` of them.
    /// Built lazily: the subnets are never expanded beyond the budget.
    public func targets() -> [IPv4Address] {
        var result: [IPv4Address] = []
        result.reserveCapacity(min(budget, 4096))
        for subnet in subnets {
            for value in subnet.hosts {
                guard result.count < budget else { return result }
                let address = IPv4Address(value)
                if !excluded.contains(address) { result.append(address) }
            }
        }
        return result
    }

    /// A range that can hold unicast guests: nothing in 0/8, 127/8, 169.254/16, 224/4 or 240/4.
    public static func isUnicastRange(_ subnet: IPv4Subnet) -> Bool {
        let forbidden = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"].compactMap(IPv4Subnet.init(parsing:))
        return !forbidden.contains { $0.covers(subnet) || subnet.covers($0) }
    }
}
