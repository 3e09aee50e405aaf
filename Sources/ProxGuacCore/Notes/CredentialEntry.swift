/// One valid credential entry of a guest's notes: a user, a password and the protocols to open.
///
/// An entry yields one Guacamole connection per protocol. Only entries without errors are produced;
/// see ``ParsedNotes/diagnostics`` for the rest.
public struct CredentialEntry: Sendable, Hashable {
    public var username: String
    public var password: PasswordSource
    /// Protocols in the order written, de-duplicated.
    public var protocols: [GuestProtocol]
    /// `connection_name` / `confName`; nil means the notes-wide default applies.
    public var connectionName: NameTemplate?
    /// Ports the notes set explicitly (`rdp_port` etc., else `port`); see ``port(for:)``.
    public var ports: [GuestProtocol: Int]
    /// Extra Guacamole parameters per protocol, in the order written.
    public var settings: [GuestProtocol: [GuacamoleParameter]]
    public var wakeOnLAN: WakeOnLANSettings?
    public var wakeOnLANDisabled: Bool
    /// `host`: pins the address instead of discovering it.
    public var host: String?
    /// `domain`: RDP domain.
    public var domain: String?
    /// `group`: name of the Guacamole connection group to put the connections in.
    public var group: String?
    /// Where the entry is in the notes (first key to terminating `;`).
    public var location: SourceRange

    public init(
        username: String, password: PasswordSource, protocols: [GuestProtocol],
        connectionName: NameTemplate? = nil, ports: [GuestProtocol: Int] = [:],
        settings: [GuestProtocol: [GuacamoleParameter]] = [:], wakeOnLAN: WakeOnLANSettings? = nil,
        wakeOnLANDisabled: Bool = false, host: String? = nil, domain: String? = nil, group: String? = nil,
        location: SourceRange
    ) {
        self.username = username
        self.password = password
        self.protocols = protocols
        self.connectionName = connectionName
        self.ports = ports
        self.settings = settings
        self.wakeOnLAN = wakeOnLAN
        self.wakeOnLANDisabled = wakeOnLANDisabled
        self.host = host
        self.domain = domain
        self.group = group
        self.location = location
    }

    /// The port to connect to: the explicit one, else the protocol's default.
    public func port(for proto: GuestProtocol) -> Int {
        ports[proto] ?? proto.defaultPort
    }

    /// The extra Guacamole parameters for one protocol (empty when none).
    public func parameters(for proto: GuestProtocol) -> [GuacamoleParameter] {
        settings[proto] ?? []
    }
}
