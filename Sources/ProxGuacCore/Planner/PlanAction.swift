/// A group that exists in Guacamole, or one the plan creates earlier (the applier maps the path to the
/// identifier Guacamole returns).
public enum GroupReference: Sendable, Hashable, CustomStringConvertible {
    case existing(identifier: String)
    case planned(GroupPath)

    public var description: String {
        switch self {
        case .existing(let identifier): identifier == guacamoleRootIdentifier ? "ROOT" : "group #\(identifier)"
        case .planned(let path): "new group \(path)"
        }
    }
}

/// A connection that exists in Guacamole, or one the plan creates earlier (by identity).
public enum ConnectionReference: Sendable, Hashable, CustomStringConvertible {
    case existing(identifier: String)
    case planned(ConnectionIdentity)

    public var description: String {
        switch self {
        case .existing(let identifier): "connection #\(identifier)"
        case .planned(let identity): "new connection \(identity)"
        }
    }
}

/// One changed field to write back into the notes (`--pull`). `value` is Guacamole's current value,
/// nil when the parameter was removed there; `description` never shows a secret value.
public struct FieldChange: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let value: String?

    public init(field: String, value: String?) {
        self.field = field
        self.value = value
    }

    public var isSecret: Bool { ConnectionParameters.isSecret(field) }

    public var description: String {
        guard let value else { return "\(field) removed" }
        return "\(field)=\(isSecret ? "<redacted>" : value)"
    }
}

/// One step of a plan. Every step carries a one-line `reason` for the user (never a secret).
public struct PlanAction: Sendable, Hashable, CustomStringConvertible {
    public enum Operation: Sendable, Hashable {
        /// Create a group (`type` ORGANIZATIONAL) named `path.last` under `parent`.
        case createGroup(path: GroupPath, parent: GroupReference)
        /// Rename and/or move an existing managed group (PUT with the new name and parent).
        case moveGroup(identifier: String, from: GroupPath, to: GroupPath, newParent: GroupReference)
        /// Delete a connection under the root group.
        case deleteConnection(identifier: String, identity: ConnectionIdentity?, path: GroupPath, name: String)
        /// Create a connection (POST, or PATCH `add` on 1.6) with these fields under `parent` (at `path`).
        case createConnection(identity: ConnectionIdentity, fields: ConnectionFields, path: GroupPath, parent: GroupReference)
        /// Replace a connection (PUT, or PATCH `replace` on 1.6) with these fields under `parent` (at `path`).
        /// `changedFields` names what differs (`name`, `protocol`, parameter names, or `group`).
        case updateConnection(identifier: String, identity: ConnectionIdentity, fields: ConnectionFields,
                              path: GroupPath, parent: GroupReference, changedFields: [String])
        /// Give READ on a created connection or group to users and user groups.
        case grantRead(target: GrantTarget, users: [String], userGroups: [String])
        /// Delete an empty managed group (with its empty subgroups: Guacamole cascades).
        case deleteGroup(identifier: String, path: GroupPath)
        /// `--pull`: write Guacamole's values of these fields back into the notes entry of `identity`.
        /// `unpullable` names changed fields the notes cannot hold (`name`, `protocol`).
        case pullIntoNotes(identity: ConnectionIdentity, guacIdentifier: String, changes: [FieldChange], unpullable: [String])
    }

    public enum GrantTarget: Sendable, Hashable, CustomStringConvertible {
        case connection(ConnectionReference)
        case group(GroupReference)

        public var description: String {
            switch self {
            case .connection(let reference): reference.description
            case .group(let reference): reference.description
            }
        }
    }

    public let operation: Operation
    public let reason: String

    public init(_ operation: Operation, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// The phase this action belongs to; phases run in `Phase` order (see `Plan.batches`).
    public var phase: Phase {
        switch operation {
        case .createGroup: .createGroups
        case .moveGroup: .moveGroups
        case .deleteConnection: .deleteConnections
        case .createConnection: .createConnections
        case .updateConnection: .updateConnections
        case .grantRead: .grants
        case .deleteGroup: .deleteGroups
        case .pullIntoNotes: .pullIntoNotes
        }
    }

    /// Execution phases, in dependency order: groups exist before connections go into them, connections
    /// are deleted before their names are reused, groups are deleted after their connections left.
    public enum Phase: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
        case createGroups, moveGroups, deleteConnections, createConnections, updateConnections, grants, deleteGroups, pullIntoNotes

        public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Stable name used in text and JSON.
        public var description: String {
            switch self {
            case .createGroups: "create-group"
            case .moveGroups: "move-group"
            case .deleteConnections: "delete-connection"
            case .createConnections: "create-connection"
            case .updateConnections: "update-connection"
            case .grants: "grant-read"
            case .deleteGroups: "delete-group"
            case .pullIntoNotes: "pull-into-notes"
            }
        }
    }

    public var description: String { "\(phase) \(subject): \(reason)" }

    /// What the action is about, for one-line display (paths, names, identities; never values).
    public var subject: String {
        switch operation {
        case .createGroup(let path, _): path.description
        case .moveGroup(_, let from, let to, _): "\(from) -> \(to)"
        case .deleteConnection(_, let identity, let path, let name): Self.label(path, name, identity)
        case .createConnection(let identity, let fields, let path, _): Self.label(path, fields.name, identity)
        case .updateConnection(_, let identity, let fields, let path, _, _): Self.label(path, fields.name, identity)
        case .grantRead(let target, _, _): target.description
        case .deleteGroup(_, let path): path.description
        case .pullIntoNotes(let identity, _, _, _): identity.description
        }
    }

    private static func label(_ path: GroupPath, _ name: String, _ identity: ConnectionIdentity?) -> String {
        "\(path.appending(name))" + (identity.map { " [\($0)]" } ?? "")
    }
}
