/// `network` section.
extension ParseSession {
    static let networkKeys = ["sweepSubnets", "sweepRate", "sweepTimeoutMs", "allowLargeSweep", "ipv6", "startStoppedForDiscovery", "wol"]

    mutating func networkSettings(_ section: ConfigObject?) throws(ConfigError) -> NetworkSettings {
        var settings = NetworkSettings()
        guard let section else { return settings }
        settings.allowLargeSweep = try section.bool("allowLargeSweep") ?? settings.allowLargeSweep
        let example = "[\"auto\", \"203.0.113.0/24\"]"
        for (index, text) in (try section.stringList("sweepSubnets", example: example) ?? []).enumerated() {
            let keyPath = "\(section.keyPath("sweepSubnets"))[\(index)]"
            settings.sweepSubnets.append(try sweepTarget(text, keyPath: keyPath, allowLarge: settings.allowLargeSweep))
        }
        settings.sweepRate = try section.integer("sweepRate", in: 1...10_000) ?? settings.sweepRate
        settings.sweepTimeoutMs = try section.integer("sweepTimeoutMs", in: 1...60_000) ?? settings.sweepTimeoutMs
        settings.ipv6 = try section.bool("ipv6") ?? settings.ipv6
        settings.startStoppedForDiscovery = try section.bool("startStoppedForDiscovery") ?? settings.startStoppedForDiscovery
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

    private func sweepTarget(_ text: String, keyPath: String, allowLarge: Bool) throws(ConfigError) -> SweepTarget {
        if text == "auto" { return .auto }
        guard let cidr = IPv4Subnet(parsing: text) else {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\"\(text)\" is not an IPv4 CIDR subnet",
                              fix: "use \"auto\" or a subnet like 203.0.113.0/24")
        }
        if !allowLarge && (1 << (32 - cidr.prefixLength)) > NetworkSettings.largeSweepAddressCount {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath,
                              problem: "\(cidr) has \((1 << (32 - cidr.prefixLength))) addresses, more than \(NetworkSettings.largeSweepAddressCount)",
                              fix: "use a smaller subnet or set network.allowLargeSweep to true")
        }
        return .subnet(cidr)
    }
}
