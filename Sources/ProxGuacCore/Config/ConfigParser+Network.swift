/// `network` section, parsed into the ProxGuacNet ``NetworkSettings``. The sweep size cap
/// (`network.allowLargeSweep`) is enforced by ``SweepPlan`` when a sweep runs, so `--allow-large` can override it.
extension ParseSession {
    static let networkKeys = ["sweepSubnets", "sweepRate", "sweepTimeoutMs", "allowLargeSweep", "ipv6", "startStoppedForDiscovery", "wol",
                              "maxProbes", "sweepInterval", "prefer", "allowedTargets"]

    mutating func networkSettings(_ section: ConfigObject?) throws(ConfigError) -> NetworkSettings {
        var settings = NetworkSettings()
        guard let section else { return settings }
        let example = "[\"auto\", \"203.0.113.0/24\"]"
        for (index, item) in (try section.list("sweepSubnets", example: example) ?? []).enumerated() {
            settings.sweepSubnets.append(try sweepTarget(item, keyPath: "\(section.keyPath("sweepSubnets"))[\(index)]"))
        }
        settings.sweepRate = try section.integer("sweepRate", in: 1...10_000) ?? settings.sweepRate
        settings.sweepTimeoutMs = try section.integer("sweepTimeoutMs", in: 1...60_000) ?? settings.sweepTimeoutMs
        settings.allowLargeSweep = try section.bool("allowLargeSweep") ?? settings.allowLargeSweep
        settings.ipv6 = try section.bool("ipv6") ?? settings.ipv6
        settings.startStoppedForDiscovery = try section.bool("startStoppedForDiscovery") ?? settings.startStoppedForDiscovery
        settings.maxProbes = try section.integer("maxProbes", in: 1...65_536) ?? settings.maxProbes
        settings.sweepIntervalSeconds = try section.integer("sweepInterval", in: 0...604_800) ?? settings.sweepIntervalSeconds
        if let prefer = try section.nonEmptyString("prefer", example: "\"ipv4\"") {
            switch prefer.lowercased() {
            case "ipv4": settings.preferIPv6 = false
            case "ipv6": settings.preferIPv6 = true
            default: throw section.error(.invalidValue, "prefer", "\"\(prefer)\" is not an address family", fix: "use \"ipv4\" (the default) or \"ipv6\"")
            }
        }
        settings.allowedTargets = try allowedTargets(section)
        if let wol = try section.object("wol", knownKeys: ["broadcast", "port", "startViaAPI"]) {
            if let text = try wol.nonEmptyString("broadcast", example: "\"255.255.255.255\"") {
                guard let address = IPv4Address(parsing: Substring(text)) else {
                    throw wol.error(.invalidValue, "broadcast", "\"\(text)\" is not an IPv4 address",
                                    fix: "use a dotted address like 255.255.255.255 or your subnet's broadcast address")
                }
                guard address.value == .max || !(address.isUnspecified || address.isLoopback || address.isMulticastOrBroadcast) else {
                    throw wol.error(.invalidValue, "broadcast", "\(address) never reaches a guest (unspecified, loopback or multicast)",
                                    fix: "use 255.255.255.255 or the broadcast address of the guests' subnet, such as 198.51.100.255")
                }
                settings.wol.broadcast = address
            }
            settings.wol.port = try wol.integer("port", in: 1...65535) ?? settings.wol.port
            settings.wol.startViaAPI = try wol.bool("startViaAPI") ?? settings.wol.startViaAPI
        }
        return settings
    }

    /// One `network.sweepSubnets` entry: `"auto"`, `"203.0.113.0/24"`, or `{"subnet": "203.0.113.0/24", "routed": true}`.
    private func sweepTarget(_ item: JSONValue, keyPath: String) throws(ConfigError) -> SweepTarget {
        let fix = "use \"auto\", a subnet like \"203.0.113.0/24\", or {\"subnet\": \"203.0.113.0/24\", \"routed\": true}"
        switch item {
        case .string(let text):
            do {
                return try SweepTarget(text)
            } catch {
                throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\"\(text)\" is not an IPv4 CIDR subnet", fix: fix)
            }
        case .object:
            let entry = try ConfigObject(item, path: keyPath, file: file, knownKeys: ["subnet", "routed"])
            let text = try entry.requiredString("subnet", example: "\"203.0.113.0/24\"")
            guard let subnet = IPv4Subnet(parsing: text) else {
                throw entry.error(.invalidValue, "subnet", "\"\(text)\" is not an IPv4 CIDR subnet", fix: fix)
            }
            return try entry.bool("routed") == true ? .routed(subnet) : .subnet(subnet)
        default:
            throw ConfigError(.wrongType, file: file, keyPath: keyPath, problem: "expected a string or an object, found \(item.typeDescription)", fix: fix)
        }
    }
}
