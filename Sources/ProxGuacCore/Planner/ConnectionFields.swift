/// The synced fields of one connection: what proxguac writes and compares (name, protocol, parameters).
///
/// The connection's place (parent group) is not a synced field: it always follows the notes and the
/// group template, and a move is planned separately (see `Planner`).
public struct ConnectionFields: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Guacamole protocol name, lower case.
    public var protocolName: String
    public var parameters: ConnectionParameters

    public init(name: String, protocolName: String, parameters: ConnectionParameters) {
        self.name = name
        self.protocolName = protocolName.lowercased()
        self.parameters = parameters
    }

    /// The stable hash of these fields (see `FieldHash`).
    public var hash: FieldHash { FieldHash(of: self) }

    /// Names of the fields that differ, sorted: `name`, `protocol`, then parameter names.
    public func changedFieldNames(comparedTo other: ConnectionFields) -> [String] {
        var names: [String] = []
        if name != other.name { names.append("name") }
        if protocolName != other.protocolName { names.append("protocol") }
        return names + parameters.changedNames(comparedTo: other.parameters)
    }

    public var description: String { "\(protocolName) \"\(name)\" \(parameters)" }
}
