/// `APIConnectionGroup`. The root group is `ROOT`; children appear only in tree answers.
public struct GuacamoleConnectionGroup: Sendable, Hashable, Decodable {
    public static let rootIdentifier = "ROOT"

    public var identifier: String?
    public var name: String
    public var parentIdentifier: String?
    /// `ORGANIZATIONAL` or `BALANCING`; required.
    public var type: String
    public var attributes: [String: String?]
    public var activeConnections: Int?
    public var childConnections: [GuacamoleConnection]?
    public var childConnectionGroups: [GuacamoleConnectionGroup]?

    public init(
        identifier: String? = nil, name: String, parentIdentifier: String? = rootIdentifier,
        type: String = "ORGANIZATIONAL", attributes: [String: String?] = [:]
    ) {
        self.identifier = identifier
        self.name = name
        self.parentIdentifier = parentIdentifier
        self.type = type
        self.attributes = attributes
    }

    private enum CodingKeys: String, CodingKey {
        case identifier, name, parentIdentifier, type, attributes, activeConnections, childConnections,
            childConnectionGroups
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        identifier = c.lenientString(.identifier)
        name = try c.decode(String.self, forKey: .name)
        parentIdentifier = c.lenientString(.parentIdentifier)
        type = c.lenientString(.type) ?? "ORGANIZATIONAL"
        attributes = try GuacamoleAttributes.decode(c, .attributes)
        activeConnections = c.lenientInt(.activeConnections)
        childConnections = try c.decodeIfPresent([GuacamoleConnection].self, forKey: .childConnections)
        childConnectionGroups = try c.decodeIfPresent([GuacamoleConnectionGroup].self, forKey: .childConnectionGroups)
    }

    /// Every connection in this group and below (tree answers).
    public var allConnections: [GuacamoleConnection] {
        (childConnections ?? []) + (childConnectionGroups ?? []).flatMap(\.allConnections)
    }
}
