/// `network` section, parsed into the ProxGuacNet ``NetworkSettings``. The sweep size cap
/// (`network.allowLargeSweep`) is enforced by ``SweepPlan`` when a sweep runs, so `--allow-large` can override it.
extension ParseSession {
    static let networkKeys = ["sweepSubnets", "sweepRate", "sweepTimeoutMs", "allowLargeSweep", "ipv6", "startStoppedForDiscovery", "wol",
                              "maxProbes", "sweepInterval", "prefer", "allowedTargets"]

    mutating func networkSettings(_ section: ConfigObject?) throws(ConfigError) -> NetworkSettings {
        var settings = NetworkSettings()
        guard let section else { return settings }
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        let example = "[\"auto\", \"203.0.113.0/24\"]"
        let subnets = errors.attempt { () throws(ConfigError) in try section.list("sweepSubnets", example: example) } ?? nil
        for (index, item) in (subnets ?? []).enumerated() {
            errors.check { () throws(ConfigError) in
                settings.sweepSubnets.append(try sweepTarget(item, keyPath: "\(section.keyPath("sweepSubnets"))[\(index)]"))
            }
        }
        errors.check { () throws(ConfigError) in settings.sweepRate = try section.integer("sweepRate", in: 1...10_000) ?? settings.sweepRate }
        errors.check { () throws(ConfigError) in
            settings.sweepTimeoutMs = try section.integer("sweepTimeoutMs", in: 1...60_000) ?? settings.sweepTimeoutMs
        }
        errors.check { () throws(ConfigError) in settings.allowLargeSweep = try section.bool("allowLargeSweep") ?? settings.allowLargeSweep }
        errors.check { () throws(ConfigError) in settings.ipv6 = try section.bool("ipv6") ?? settings.ipv6 }
        errors.check { () throws(ConfigError) in
            settings.startStoppedForDiscovery = try section.bool("startStoppedForDiscovery") ?? settings.startStoppedForDiscovery
        }
        errors.check { () throws(ConfigError) in settings.maxProbes = try section.integer("maxProbes", in: 1...65_536) ?? settings.maxProbes }
        errors.check { () throws(ConfigError) in
            settings.sweepIntervalSeconds = try section.integer("sweepInterval", in: 0...604_800) ?? settings.sweepIntervalSeconds
        }
        errors.check { () throws(ConfigError) in
            guard let prefer = try section.nonEmptyString("prefer", example: "\"ipv4\"") else { return }
            switch prefer.lowercased() {
            case "ipv4": settings.preferIPv6 = false
            case "ipv6": settings.preferIPv6 = true
            default: throw section.error(.invalidValue, "prefer", "\"\(TerminalText.escaped(prefer))\" is not an address family",
                                         fix: "use \"ipv4\" (the default) or \"ipv6\"")
            }
        }
        errors.check { () throws(ConfigError) in settings.allowedTargets = try allowedTargets(section) }
        let wol = errors.attempt { () throws(ConfigError) in try section.object("wol", knownKeys: ["broadcast", "port", "startViaAPI"]) } ?? nil
        if let wol {
            errors.check { () throws(ConfigError) in
                guard let text = try wol.nonEmptyString("broadcast", example: "\"255.255.255.255\"") else { return }
                guard let address = IPv4Address(parsing: Substring(text)) else {
                    throw wol.error(.invalidValue, "broadcast", "\"\(TerminalText.escaped(text))\" is not an IPv4 address",
                                    fix: "use a dotted address like 255.255.255.255 or your subnet's broadcast address")
                }
                guard address.value == .max || !(address.isUnspecified || address.isLoopback || address.isMulticastOrBroadcast) else {
                    throw wol.error(.invalidValue, "broadcast", "\(address) never reaches a guest (unspecified, loopback or multicast)",
                                    fix: "use 255.255.255.255 or the broadcast address of the guests' subnet, such as 198.51.100.255")
                }
                settings.wol.broadcast = address
            }
            errors.check { () throws(ConfigError) in settings.wol.port = try wol.integer("port", in: 1...65535) ?? settings.wol.port }
            errors.check { () throws(ConfigError) in settings.wol.startViaAPI = try wol.bool("startViaAPI") ?? settings.wol.startViaAPI }
        }
        try errors.throwIfAny()
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
