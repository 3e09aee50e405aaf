/// `network` section, parsed into the ProxGuacNet ``NetworkSettings``. The sweep size cap
/// (`network.allowLargeSweep`) is enforced by ``SweepPlan`` when a sweep runs, so `--allow-large` can override it.
extension ParseSession {
    static let networkKeys = ["sweepSubnets", "sweepRate", "sweepTimeoutMs", "allowLargeSweep", "ipv6", "startStoppedForDiscovery", "wol", "allowedTargets"]

    mutating func networkSettings(_ section: ConfigObject?) throws(ConfigError) -> NetworkSettings {
        var settings = NetworkSettings()
        guard let section else { return settings }
        let example = "[\"auto\", \"203.0.113.0/24\"]"
        for (index, text) in (try section.stringList("sweepSubnets", example: example) ?? []).enumerated() {
            do {
                settings.sweepSubnets.append(try SweepTarget(text))
            } catch {
                throw ConfigError(.invalidValue, file: file, keyPath: "\(section.keyPath("sweepSubnets"))[\(index)]",
                                  problem: "\"\(text)\" is not an IPv4 CIDR subnet", fix: "use \"auto\" or a subnet like 203.0.113.0/24")
            }
        }
        settings.sweepRate = try section.integer("sweepRate", in: 1...10_000) ?? settings.sweepRate
        settings.sweepTimeoutMs = try section.integer("sweepTimeoutMs", in: 1...60_000) ?? settings.sweepTimeoutMs
        settings.allowLargeSweep = try section.bool("allowLargeSweep") ?? settings.allowLargeSweep
        settings.ipv6 = try section.bool("ipv6") ?? settings.ipv6
        settings.startStoppedForDiscovery = try section.bool("startStoppedForDiscovery") ?? settings.startStoppedForDiscovery
        settings.allowedTargets = try allowedTargets(section)
        if let wol = try section.object("wol", knownKeys: ["broadcast", "port"]) {
            if let text = try wol.nonEmptyString("broadcast", example: "\"255.255.255.255\"") {
                guard let address = IPv4Address(parsing: Substring(text)) else {
                    throw wol.error(.invalidValue, "broadcast", "\"\(text)\" is not an IPv4 address",
                                    fix: "use a dotted address like 255.255.255.255 or your subnet's broadcast address")
                }
                settings.wol.broadcast = address
            }
            settings.wol.port = try wol.integer("port", in: 1...65535) ?? settings.wol.port
        }
        return settings
    }
}
