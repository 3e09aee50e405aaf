/// The synced fields of one connection: what proxguac writes and compares (name, protocol, parameters).
///
/// The connection's place (parent group) is not a synced field: it always follows the notes and the
/// group template, and a move is planned separately (see `Planner`).
public struct ConnectionFields: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Guacamole protocol name, lower case.
    public var protocolName: String
    public var parameters: ConnectionParameters
    /// Connection attributes (`max-connections`, …). On the desired side only those `sync.defaults` manages;
    /// on the observed side all non-empty ones. Not part of `hash` or `changedFieldNames`: the planner
    /// compares the managed ones itself (see `ManagedAttributes`), so configs without defaults keep their hashes.
    public var attributes: [String: String] = [:]

    public init(name: String, protocolName: String, parameters: ConnectionParameters, attributes: [String: String] = [:]) {
        self.name = name
        self.protocolName = protocolName.lowercased()
        self.parameters = parameters
        self.attributes = attributes.filter { !$0.value.isEmpty }
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

    /// True when both sides have the same bytes (so the same `hash`), checked without hashing.
    /// Unlike `==`, canonically equivalent but differently encoded text counts as different, as in `hash`.
    func hasSameBytes(as other: ConnectionFields) -> Bool {
        guard Self.sameBytes(name, other.name), Self.sameBytes(protocolName, other.protocolName),
              parameters.values.count == other.parameters.values.count else { return false }
        for (key, value) in parameters.values {
            guard let index = other.parameters.values.index(forKey: key) else { return false }
            let (otherKey, otherValue) = other.parameters.values[index]
            guard Self.sameBytes(key, otherKey), Self.sameBytes(value, otherValue) else { return false }
        }
        return true
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
        }
        return (contiguous ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    public var description: String { "\(protocolName) \"\(name)\" \(parameters)" }
}
