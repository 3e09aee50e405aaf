import Foundation

/// The `--json` form of a plan (`proxguac auto --dry-run --json`). Stable: fields are only ever added;
/// a breaking change bumps `schemaVersion`. Values of parameters never appear, only their names.
public struct PlanDocument: Sendable, Hashable, Codable {
    public static let currentSchemaVersion = 1

    public let schemaVersion: Int
    /// Always `"plan"`.
    public let kind: String
    public let rootGroup: String
    /// `report`, `push` or `pull`.
    public let resolution: String
    public let deleteOrphans: Bool
    public let summary: Summary
    /// In execution order; `batch` numbers the batches of `Plan.batches`.
    public let actions: [Action]
    public let rows: [StatusRowDocument]
    public let unidentified: [Unidentified]
    public let notices: [String]
    /// Set when the deletion guard held deletes back: how many, and why (one line).
    public var deletionGuard: DeletionGuardDocument? = nil

    public struct DeletionGuardDocument: Sendable, Hashable, Codable {
        public let heldDeletes: Int
        public let reason: String
    }

    public struct Summary: Sendable, Hashable, Codable {
        /// Number of actions per `op`.
        public let actions: [String: Int]
        /// Number of rows per main status.
        public let statuses: [String: Int]
        /// True when applying changes something.
        public let changes: Bool
    }

    public struct Action: Sendable, Hashable, Codable {
        public let batch: Int
        /// `create-group`, `move-group`, `delete-connection`, `create-connection`, `update-connection`,
        /// `grant-read`, `delete-group`, `pull-into-notes`.
        public let op: String
        public let reason: String
        /// Guacamole identifier of the connection or group acted on (absent for creations).
        public var identifier: String?
        /// Identity key (`pve:100:rdp:admin`) for connection actions.
        public var identity: String?
        /// The guest's cluster name for a named cluster's connection (absent for the unnamed cluster, groups, external hosts).
        public var cluster: String?
        public var name: String?
        public var `protocol`: String?
        /// Group path acted on, or the connection's group path.
        public var path: [String]?
        /// New path of a moved group.
        public var to: [String]?
        public var parent: Parent?
        /// Parameter names written (create) or changed field names (update, pull), never values.
        public var fields: [String]?
        public var unpullable: [String]?
        public var target: Parent?
        public var targetConnection: String?
        public var users: [String]?
        public var userGroups: [String]?
    }

    /// A group (or connection, for grants) either existing (`identifier`) or created by an earlier batch.
    public struct Parent: Sendable, Hashable, Codable {
        public var identifier: String?
        public var plannedPath: [String]?
    }

    public struct Unidentified: Sendable, Hashable, Codable {
        public let identifier: String
        public let name: String
        public let path: [String]
    }
}

/// One identity's row in `--json` output: in the plan, and in `proxguac list --json`.
public struct StatusRowDocument: Sendable, Hashable, Codable {
    public let identity: String
    /// `pve` or `ext`.
    public let source: String
    /// The guest's cluster name (`proxmox[i].name`); absent for the single unnamed cluster and external hosts.
    public var cluster: String?
    public var vmid: Int?
    public var externalName: String?
    public let `protocol`: String
    public let username: String
    /// Main status (`ok`, `pve-changed`, `guac-drift`, `conflict`, `missing`, `orphan`, `unknown-node`,
    /// `duplicate`, `invalid-notes`, `no-ip`).
    public let status: String
    public let statuses: [String]
    public let reason: String
    public let name: String
    public let path: [String]
    public var guestName: String?
    public var guacIdentifier: String?
    public let changedFields: [String]

    public init(_ row: SyncStatusRow) {
        identity = row.identity.key
        switch row.identity.source {
        case .proxmox(let cluster, let vmid): source = "pve"; self.cluster = cluster?.text; self.vmid = vmid
        case .external(let name): source = "ext"; externalName = name
        }
        `protocol` = row.identity.protocolName
        username = row.identity.username
        status = row.status.rawValue
        statuses = row.statuses.map(\.rawValue)
        reason = row.reason
        name = row.name
        path = row.path.names
        guestName = row.guestName
        guacIdentifier = row.guacIdentifier
        changedFields = row.changedFields
    }
}

/// The `--json` form of `proxguac list`.
public struct StatusListDocument: Sendable, Hashable, Codable {
    public let schemaVersion: Int
    /// Always `"list"`.
    public let kind: String
    public let rows: [StatusRowDocument]

    public init(rows: [SyncStatusRow]) {
        schemaVersion = PlanDocument.currentSchemaVersion
        kind = "list"
        self.rows = rows.map(StatusRowDocument.init)
    }
}

extension Plan {
    /// The plan as its stable JSON document.
    public var document: PlanDocument {
        var actionDocuments: [PlanDocument.Action] = []
        for (batch, actions) in batches.enumerated() {
            actionDocuments += actions.map { PlanDocument.Action($0, batch: batch) }
        }
        var actionCounts: [String: Int] = [:]
        for action in actions { actionCounts[action.phase.description, default: 0] += 1 }
        var document = PlanDocument(
            schemaVersion: PlanDocument.currentSchemaVersion, kind: "plan", rootGroup: options.rootGroup,
            resolution: options.resolution.rawValue, deleteOrphans: options.deleteOrphans,
            summary: .init(actions: actionCounts,
                           statuses: Dictionary(uniqueKeysWithValues: statusCounts.map { ($0.key.rawValue, $0.value) }),
                           changes: !isEmpty),
            actions: actionDocuments, rows: rows.map(StatusRowDocument.init),
            unidentified: unidentified.map { .init(identifier: $0.identifier, name: $0.name, path: $0.path.names) },
            notices: notices)
        document.deletionGuard = deletionGuard.map { .init(heldDeletes: $0.held.count, reason: "\($0.reason)") }
        return document
    }

    /// The plan as pretty-printed JSON with sorted keys (stable output for scripts and diffs).
    public func jsonText() -> String { encodeStableJSON(document) }
}

extension StatusListDocument {
    /// Pretty-printed JSON with sorted keys.
    public func jsonText() -> String { encodeStableJSON(self) }
}

/// Pretty JSON with sorted keys; the documents hold only strings, numbers and arrays, which always encode.
func encodeStableJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

extension PlanDocument.Action {
    init(_ action: PlanAction, batch: Int) {
        self.batch = batch
        op = action.phase.description
        reason = action.reason
        switch action.operation {
        case .createGroup(let path, let parent):
            self.path = path.names
            self.parent = .init(parent)
        case .moveGroup(let identifier, let from, let to, let newParent):
            self.identifier = identifier
            path = from.names
            self.to = to.names
            parent = .init(newParent)
        case .deleteConnection(let identifier, let identity, let path, let name):
            self.identifier = identifier
            self.identity = identity?.key
            self.path = path.names
            self.name = name
        case .createConnection(let identity, let fields, let path, let parent):
            self.identity = identity.key
            name = fields.name
            `protocol` = fields.protocolName
            self.path = path.names
            self.parent = .init(parent)
            self.fields = fields.parameters.sortedNames
        case .updateConnection(let identifier, let identity, let fields, let path, let parent, let changed):
            self.identifier = identifier
            self.identity = identity.key
            name = fields.name
            `protocol` = fields.protocolName
            self.path = path.names
            self.parent = .init(parent)
            self.fields = changed
        case .grantRead(let target, let users, let userGroups):
            switch target {
            case .group(let reference): self.target = .init(reference)
            case .connection(.existing(let identifier)): targetConnection = identifier
            case .connection(.planned(let identity)): self.identity = identity.key
            }
            self.users = users
            self.userGroups = userGroups
        case .deleteGroup(let identifier, let path):
            self.identifier = identifier
            self.path = path.names
        case .pullIntoNotes(let identity, let identifier, let changes, let unpullable):
            self.identifier = identifier
            self.identity = identity.key
            fields = changes.map(\.field)
            self.unpullable = unpullable
        }
        cluster = action.identity?.source.guest?.cluster?.text
    }
}

extension PlanDocument.Parent {
    init(_ reference: GroupReference) {
        switch reference {
        case .existing(let identifier): self.identifier = identifier
        case .planned(let path): plannedPath = path.names
        }
    }
}
