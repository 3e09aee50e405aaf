/// One entry of `external`: a host outside Proxmox that also gets Guacamole connections.
public struct ExternalHost: Sendable, Equatable {
    /// The protocols an external host may name.
    public static let knownProtocols = ["rdp", "ssh", "vnc", "telnet"]

    /// Unique name, used as `{vmname}` in templates.
    public var name: String
    /// Host name or IP address.
    public var host: String
    /// Lowercase protocol names, e.g. `["rdp", "ssh"]`.
    public var protocols: [String]
    public var username: String
    public var password: ConfiguredSecret
    /// Port override; nil means each protocol's default.
    public var port: Int?
    /// Guacamole group under the root group; nil means the root group itself.
    public var group: String?

    public init(name: String, host: String, protocols: [String], username: String, password: ConfiguredSecret, port: Int? = nil, group: String? = nil) {
        self.name = name
        self.host = host
        self.protocols = protocols
        self.username = username
        self.password = password
        self.port = port
        self.group = group
    }
}
