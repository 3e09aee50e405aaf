/// One Guacamole connection parameter (`name=value`) taken from an entry's `*_settings`.
public struct GuacamoleParameter: Sendable, Hashable, Codable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// True for parameters whose value is a credential (`passphrase`, `sftp-password`, `private-key`, …):
    /// show them masked.
    public var isSecret: Bool {
        let lowered = name.lowercased()
        return ["password", "passphrase", "private-key"].contains { lowered.contains($0) }
    }
}

/// Wake-on-LAN tuning from `wol_settings` (every field optional: guacd has defaults).
public struct WakeOnLANSettings: Sendable, Hashable, Codable {
    /// `broadcast-addr`: IPv4 broadcast address for the magic packet.
    public var broadcastAddress: String?
    /// `udp-port`.
    public var udpPort: Int?
    /// `wait-time`: seconds guacd waits after sending the packet.
    public var waitTimeSeconds: Int?

    public init(broadcastAddress: String? = nil, udpPort: Int? = nil, waitTimeSeconds: Int? = nil) {
        self.broadcastAddress = broadcastAddress
        self.udpPort = udpPort
        self.waitTimeSeconds = waitTimeSeconds
    }

    /// The guacd parameters these settings become (`wol-broadcast-addr`, `wol-udp-port`, `wol-wait-time`).
    public var parameters: [GuacamoleParameter] {
        var result: [GuacamoleParameter] = []
        if let broadcastAddress { result.append(.init(name: "wol-broadcast-addr", value: broadcastAddress)) }
        if let udpPort { result.append(.init(name: "wol-udp-port", value: String(udpPort))) }
        if let waitTimeSeconds { result.append(.init(name: "wol-wait-time", value: String(waitTimeSeconds))) }
        return result
    }
}
