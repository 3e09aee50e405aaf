/// Guacamole connection parameters (`hostname`, `port`, `username`, `password`, `wol-mac-addr`, ...).
///
/// Values are plain strings because that is what Guacamole stores, but the type never shows a secret:
/// `description` prints secret-looking keys (see `isSecret`) as `<redacted>`. Read values only where
/// they go to the wire. Empty values are dropped on construction, as Guacamole does when it stores them,
/// so that "empty" and "absent" compare equal.
public struct ConnectionParameters: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    ExpressibleByDictionaryLiteral
{
    /// The stored values, without empty ones.
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        // Most maps have no empty value: keep them as they are instead of copying (10,000s per run).
        self.values = values.values.contains(where: \.isEmpty) ? values.filter { !$0.value.isEmpty } : values
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public subscript(name: String) -> String? {
        get { values[name] }
        set {
            if let newValue, !newValue.isEmpty { values[name] = newValue } else { values[name] = nil }
        }
    }

    /// Parameter names in a stable order (UTF-8 byte order).
    public var sortedNames: [String] { values.keys.sorted(by: Self.byteOrder) }

    public var isEmpty: Bool { values.isEmpty }

    /// Names whose values differ between `self` and `other` (present on one side only counts),
    /// sorted. Compares values without ever exposing them.
    public func changedNames(comparedTo other: ConnectionParameters) -> [String] {
        var names: [String] = []
        for (name, value) in values where other.values[name] != value { names.append(name) }
        for name in other.values.keys where values[name] == nil { names.append(name) }
        return names.sorted(by: Self.byteOrder)
    }

    /// True for parameter names whose values are secrets (`password`, `passphrase`, `private-key`,
    /// and any name containing `password`, `passphrase`, `private-key` or `secret`, e.g. `sftp-password`).
    public static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["password", "passphrase", "private-key", "secret"].contains { lower.contains($0) }
    }

    public var description: String {
        let shown = sortedNames.map { name in "\(name)=\(Self.isSecret(name) ? "<redacted>" : values[name] ?? "")" }
        return "[" + shown.joined(separator: ", ") + "]"
    }

    public var debugDescription: String { description }

    /// UTF-8 byte order (`a.utf8.lexicographicallyPrecedes(b.utf8)`), compared on the contiguous bytes.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.lexicographicallyPrecedes(y) }
        }
        return (contiguous ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// Well-known Guacamole parameter names the planner and the desired-connection builder use.
public enum GuacamoleParameterName {
    public static let hostname = "hostname"
    public static let port = "port"
    public static let username = "username"
    public static let password = "password"
    public static let domain = "domain"
    /// Wake-on-LAN (rdp, vnc, ssh; Guacamole 1.2+): `"true"` to send a magic packet before connecting.
    public static let wolSendPacket = "wol-send-packet"
    public static let wolMacAddress = "wol-mac-addr"
    public static let wolBroadcastAddress = "wol-broadcast-addr"
    public static let wolUDPPort = "wol-udp-port"
    /// Seconds guacd waits after sending the packet.
    public static let wolWaitTime = "wol-wait-time"
    /// The proxguac identity marker (see `IdentityMarker`).
    public static let marker = IdentityMarker.parameterName
}
