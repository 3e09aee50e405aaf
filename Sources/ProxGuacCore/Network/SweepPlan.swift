/// One entry of `network.sweepSubnets`: a CIDR, or `"auto"` for the machine's on-link IPv4 subnets.
public enum SweepSubnetSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    case auto
    case subnet(IPv4Subnet)

    public init(_ text: String) throws(NetworkValueError) {
        if NetworkText.trimmed(text).lowercased() == "auto" {
            self = .auto
        } else {
            self = .subnet(try IPv4Subnet(text))
        }
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .subnet(let subnet): return subnet.description
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try SweepSubnetSpec(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a sweep will not run.
public enum SweepPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    case nothingConfigured
    case noOnLinkSubnets
    case tooLarge(IPv4Subnet, origin: String)

    public var description: String {
        switch self {
        case .nothingConfigured:
            return "no subnets to sweep: set network.sweepSubnets to CIDRs such as [\"198.51.100.0/24\"] or [\"auto\"] (the default is empty, which never sweeps)"
        case .noOnLinkSubnets:
            return "network.sweepSubnets is \"auto\" but this machine has no on-link IPv4 subnet (no interface is up with an IPv4 address): list the subnets explicitly"
        case .tooLarge(let subnet, let origin):
            return "refusing to sweep \(subnet) (\(origin), \(subnet.hostCount) hosts): larger than /\(SweepPlan.largestPrefixWithoutPermission); pass --allow-large or set network.allowLargeSweep: true"
        }
    }
}

/// The subnets a sweep will probe: the configured list with `auto` expanded, de-duplicated, each checked
/// against the size cap. Pure, so the refusal rules are tested without a network.
public struct SweepPlan: Sendable, Hashable {
    /// Anything larger than this prefix (more than 1022 hosts) needs explicit permission.
    public static let largestPrefixWithoutPermission = 22

    public let subnets: [IPv4Subnet]

    /// - Parameters:
    ///   - specs: `network.sweepSubnets`.
    ///   - onLinkSubnets: the machine's on-link IPv4 subnets with the interface each is on (used for `auto`).
    ///   - allowLarge: `--allow-large` / `network.allowLargeSweep`.
    public init(specs: [SweepSubnetSpec], onLinkSubnets: [(subnet: IPv4Subnet, interface: String)], allowLarge: Bool) throws(SweepPlanError) {
        guard !specs.isEmpty else { throw .nothingConfigured }
        var chosen: [(subnet: IPv4Subnet, origin: String)] = []
        for spec in specs {
            switch spec {
            case .subnet(let subnet):
                chosen.append((subnet, "from network.sweepSubnets"))
            case .auto:
                guard !onLinkSubnets.isEmpty else { throw .noOnLinkSubnets }
                chosen += onLinkSubnets.map { ($0.subnet, "on-link on \($0.interface)") }
            }
        }
        var unique: [IPv4Subnet] = []
        for (subnet, origin) in chosen where !unique.contains(subnet) {
            if subnet.prefixLength < SweepPlan.largestPrefixWithoutPermission, !allowLarge {
                throw .tooLarge(subnet, origin: origin)
            }
            unique.append(subnet)
        }
        // A subnet inside another listed one adds nothing.
        subnets = unique.filter { inner in
            !unique.contains { outer in outer != inner && outer.prefixLength < inner.prefixLength && outer.contains(inner.network) }
        }
    }

    /// Every address to probe, each once, in ascending order, without the `excluded` ones (this machine's own).
    public func targets(excluding excluded: Set<IPv4Address> = []) -> [IPv4Address] {
        var seen = Set<UInt32>()
        var result: [IPv4Address] = []
        for subnet in subnets.sorted() {
            for value in subnet.hosts where seen.insert(value).inserted && !excluded.contains(IPv4Address(value)) {
                result.append(IPv4Address(value))
            }
        }
        return result
    }
}
