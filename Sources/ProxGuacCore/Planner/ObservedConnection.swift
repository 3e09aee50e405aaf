/// A connection as read from Guacamole: `GET /connections` (or the tree) plus `GET /connections/{id}/parameters`.
///
/// Parameters are needed for connections inside the root group (drift detection) and for adoption
/// candidates; for other connections outside the root group they may be left empty.
public struct ObservedConnection: Sendable, Hashable, CustomStringConvertible {
    /// Guacamole's identifier (a decimal string with the JDBC backend).
    public let identifier: String
    /// The parent group's identifier, `"ROOT"` at the top level.
    public let parentIdentifier: String
    public let fields: ConnectionFields

    public init(identifier: String, name: String, parentIdentifier: String, protocolName: String,
                parameters: ConnectionParameters, attributes: [String: String] = [:]) {
        self.identifier = identifier
        self.parentIdentifier = parentIdentifier
        self.fields = ConnectionFields(name: name, protocolName: protocolName, parameters: parameters, attributes: attributes)
    }

    public var name: String { fields.name }
    public var parameters: ConnectionParameters { fields.parameters }

    /// The identity carried by the marker parameter, nil when absent or unreadable.
    public var markedIdentity: ConnectionIdentity? {
        guard let marker = parameters[IdentityMarker.parameterName] else { return nil }
        return try? IdentityMarker.decode(marker)
    }

    public var description: String { "#\(identifier) in \(parentIdentifier): \(fields)" }
}

/// A connection group as read from Guacamole (`GET /connectionGroups`, or the tree flattened).
/// The Guacamole root (`"ROOT"`) is implicit and is not listed.
public struct ObservedGroup: Sendable, Hashable {
    public let identifier: String
    public let name: String
    /// The parent's identifier, `"ROOT"` at the top level.
    public let parentIdentifier: String

    public init(identifier: String, name: String, parentIdentifier: String) {
        self.identifier = identifier
        self.name = name
        self.parentIdentifier = parentIdentifier
    }
}

/// Identifier Guacamole uses for its top-level group.
public let guacamoleRootIdentifier = "ROOT"
