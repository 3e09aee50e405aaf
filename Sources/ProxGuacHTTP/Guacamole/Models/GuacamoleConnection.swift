/// `APIConnection`: one connection under `/api/session/data/{ds}/connections`.
///
/// Lists and GET never include `parameters` (read them with `connectionParameters`); POST and PUT need
/// `attributes` (even `{}`), and PUT replaces everything, so send back the parameters you want to keep.
public struct GuacamoleConnection: Sendable, Hashable, Decodable {
    /// Decimal string assigned by the server; ignored on create.
    public var identifier: String?
    public var name: String
    /// Group id, `ROOT` for the top level; nil on PUT moves the connection to ROOT.
    public var parentIdentifier: String?
    /// `rdp`, `vnc`, `ssh`, …
    public var `protocol`: String
    public var parameters: [String: String]?
    /// JDBC attributes (`max-connections`, `guacd-hostname`, …); unset ones are null.
    public var attributes: [String: String?]
    /// Open tunnels (server-maintained).
    public var activeConnections: Int?
    /// Epoch milliseconds of the last use; missing if never used.
    public var lastActive: Int64?

    public init(
        identifier: String? = nil, name: String, parentIdentifier: String? = "ROOT", protocol: String,
        parameters: [String: String]? = [:], attributes: [String: String?] = [:], activeConnections: Int? = nil,
        lastActive: Int64? = nil
    ) {
        self.identifier = identifier
        self.name = name
        self.parentIdentifier = parentIdentifier
        self.protocol = `protocol`
        self.parameters = parameters
        self.attributes = attributes
        self.activeConnections = activeConnections
        self.lastActive = lastActive
    }

    private enum CodingKeys: String, CodingKey {
        case identifier, name, parentIdentifier, `protocol`, parameters, attributes, activeConnections, lastActive
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        identifier = c.lenientString(.identifier)
        name = try c.decode(String.self, forKey: .name)
        parentIdentifier = c.lenientString(.parentIdentifier)
        `protocol` = c.lenientString(.protocol) ?? ""
        parameters = try c.decodeIfPresent([String: LenientString].self, forKey: .parameters)?.mapValues(\.value)
        attributes = try GuacamoleAttributes.decode(c, .attributes)
        activeConnections = c.lenientInt(.activeConnections)
        lastActive = c.lenientInt(.lastActive).map(Int64.init)
    }
}

/// Attribute maps: string values, explicit nulls kept.
enum GuacamoleAttributes {
    static func decode<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) throws -> [String: String?] {
        let raw = try container.decodeIfPresent([String: LenientString?].self, forKey: key) ?? [:]
        return raw.mapValues { $0?.value }
    }
}
