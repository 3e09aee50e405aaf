/// One `name=value` item of `wol_settings`, with the spellings Proxmox-Guacamole-Sync wrote.
///
/// The original accepted `send-packet`, `broadcast-addr`, `udp-port`, and any name with the guacd
/// prefix (`wol-broadcast-addr`); proxguac reads all of them, plus `wait-time`.
enum WakeOnLANItem: Sendable, Hashable {
    case sendPacket, broadcastAddress, udpPort, waitTime

    /// The item `name` stands for (`wol-` prefix allowed, any case), or nil.
    init?(name: String) {
        var name = name.lowercased()
        if name.hasPrefix("wol-") { name.removeFirst(4) }
        switch name {
        case "send-packet": self = .sendPacket
        case "broadcast-addr": self = .broadcastAddress
        case "udp-port": self = .udpPort
        case "wait-time": self = .waitTime
        default: return nil
        }
    }

    static let accepted = "send-packet, broadcast-addr, udp-port or wait-time (a wol- prefix is allowed)"
}
