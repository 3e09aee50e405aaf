/// A group's place, as the names of the groups from Guacamole's top level down, e.g.
/// `["Proxmox", "web01 (100)"]`. The empty path is Guacamole's `ROOT`.
public struct GroupPath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let names: [String]

    public init(_ names: [String]) {
        self.names = names
    }

    public static let guacamoleRoot = GroupPath([])

    public var depth: Int { names.count }
    public var parent: GroupPath? { names.isEmpty ? nil : GroupPath(Array(names.dropLast())) }
    public var last: String? { names.last }

    public func appending(_ name: String) -> GroupPath { GroupPath(names + [name]) }

    public func hasPrefix(_ other: GroupPath) -> Bool { names.starts(with: other.names) }

    public var description: String { names.isEmpty ? "ROOT" : names.joined(separator: "/") }

    public static func < (lhs: GroupPath, rhs: GroupPath) -> Bool {
        lhs.names.lexicographicallyPrecedes(rhs.names, by: ConnectionParameters.byteOrder)
    }

    public init(from decoder: any Decoder) throws {
        names = try decoder.singleValueContainer().decode([String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}
