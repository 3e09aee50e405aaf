import Foundation
@testable import ProxGuacCore

/// Builders for planner tests: desired connections, a Guacamole "world" of groups and connections,
/// and the state after a clean sync. Addresses are from 198.51.100.0/24 (documentation range).
enum Fixture {
    static let password = "S3cret-Pw!"
    static let syncDate = Date(timeIntervalSince1970: 1_767_225_600)

    static func desired(vmid: Int = 100, user: String = "admin", proto: String = "rdp", vmname: String = "web01",
                        host: String = "198.51.100.10", port: String? = nil, password: String = Fixture.password,
                        groupNames: [String]? = nil, name: String? = nil) -> DesiredConnection {
        let defaultPort = ["rdp": "3389", "vnc": "5900", "ssh": "22"][proto] ?? "1"
        return DesiredConnection(
            identity: .proxmox(vmid: vmid, protocolName: proto, username: user),
            name: name ?? "\(user)@\(vmname)-\(proto)",
            groupNames: groupNames ?? ["\(vmname) (\(vmid))"],
            guestName: vmname,
            parameters: ["hostname": host, "port": port ?? defaultPort, "username": user, "password": password])
    }

    static func options(_ resolution: DriftResolution = .report, deleteOrphans: Bool = true,
                        grantUsers: [String] = [], grantGroups: [String] = []) -> PlanOptions {
        PlanOptions(rootGroup: "Proxmox", deleteOrphans: deleteOrphans, resolution: resolution,
                    grantUsers: grantUsers, grantGroups: grantGroups)
    }
}

/// Guacamole as observed, plus the state file, built step by step.
struct World {
    var groups: [ObservedGroup] = []
    var observed: [ObservedConnection] = []
    var state = SyncState.empty
    private var nextGroup = 1
    private var nextConnection = 1

    @discardableResult
    mutating func group(_ name: String, in parent: String = guacamoleRootIdentifier) -> String {
        let identifier = String(nextGroup)
        nextGroup += 1
        groups.append(ObservedGroup(identifier: identifier, name: name, parentIdentifier: parent))
        return identifier
    }

    /// The root group `Proxmox` (created on first use).
    mutating func root() -> String {
        if let existing = groups.first(where: { $0.name == "Proxmox" && $0.parentIdentifier == guacamoleRootIdentifier }) {
            return existing.identifier
        }
        return group("Proxmox")
    }

    /// The per-guest group of `desired` under the root (created on first use).
    mutating func guestGroup(of desired: DesiredConnection) -> String {
        var parent = root()
        for name in desired.groupNames {
            if let existing = groups.first(where: { $0.name == name && $0.parentIdentifier == parent }) {
                parent = existing.identifier
            } else {
                parent = group(name, in: parent)
            }
        }
        return parent
    }

    /// Adds a raw connection.
    @discardableResult
    mutating func connection(_ name: String, in parent: String, protocolName: String = "rdp",
                             parameters: ConnectionParameters) -> ObservedConnection {
        let connection = ObservedConnection(identifier: String(nextConnection), name: name, parentIdentifier: parent,
                                            protocolName: protocolName, parameters: parameters)
        nextConnection += 1
        observed.append(connection)
        return connection
    }

    /// Puts `desired` into Guacamole as proxguac would, and records it in the state (a clean last sync).
    /// `edit` changes what Guacamole holds afterwards (drift); `record: false` leaves the state without it.
    @discardableResult
    mutating func synced(_ desired: DesiredConnection, record: Bool = true, marker: Bool = true,
                         in parent: String? = nil,
                         edit: (inout ConnectionParameters) -> Void = { _ in }) -> ObservedConnection {
        if record {
            state.records[desired.identity] = SyncState.Record(
                guacIdentifier: String(nextConnection), desiredHash: desired.fields.hash,
                observedHash: desired.fields.hash, lastSync: Fixture.syncDate)
        }
        var parameters = desired.parameters
        if !marker { parameters[IdentityMarker.parameterName] = nil }
        edit(&parameters)
        return connection(desired.name, in: parent ?? guestGroup(of: desired), protocolName: desired.identity.protocolName,
                          parameters: parameters)
    }

    func plan(_ desired: [DesiredConnection], blocked: [BlockedEntry] = [],
              availability: [ConnectionSource: GuestAvailability]? = nil,
              options: PlanOptions = Fixture.options()) -> Plan {
        let known = Dictionary(desired.map { ($0.identity.source, GuestAvailability.known) }, uniquingKeysWith: { a, _ in a })
        return Planner.plan(desired: desired, blocked: blocked, observed: observed, groups: groups,
                            availability: availability ?? known, state: state, options: options)
    }
}

extension Plan {
    /// Operations only (reasons dropped), for compact assertions.
    var operations: [PlanAction.Operation] { actions.map(\.operation) }

    /// Identifiers of existing connections any action changes.
    var touchedConnections: Set<String> {
        Set(actions.compactMap { action in
            switch action.operation {
            case .deleteConnection(let id, _, _, _), .updateConnection(let id, _, _, _, _, _): id
            default: nil
            }
        })
    }

    /// Identifiers of existing groups any action changes, deletes, or puts something into.
    var touchedGroups: Set<String> {
        var result: Set<String> = []
        for action in actions {
            switch action.operation {
            case .createGroup(_, .existing(let parent)), .createConnection(_, _, _, .existing(let parent)):
                result.insert(parent)
            case .moveGroup(let id, _, _, let parent):
                result.insert(id)
                if case .existing(let parentId) = parent { result.insert(parentId) }
            case .updateConnection(_, _, _, _, .existing(let parent), _): result.insert(parent)
            case .deleteGroup(let id, _): result.insert(id)
            default: break
            }
        }
        result.remove(guacamoleRootIdentifier)
        return result
    }
}

extension World {
    /// Applies a plan the way ProxGuacSync would against Guacamole (grants and pulls have no effect
    /// on Guacamole), and returns the identifiers given to created connections.
    mutating func apply(_ plan: Plan) -> [ConnectionIdentity: String] {
        var plannedGroups: [GroupPath: String] = [:]
        var created: [ConnectionIdentity: String] = [:]
        func resolve(_ reference: GroupReference) -> String {
            switch reference {
            case .existing(let identifier): identifier
            case .planned(let path): plannedGroups[path] ?? "missing \(path)"
            }
        }
        for batch in plan.batches {
            for action in batch {
                switch action.operation {
                case .createGroup(let path, let parent):
                    plannedGroups[path] = group(path.last ?? "", in: resolve(parent))
                case .moveGroup(let identifier, _, let to, let parent):
                    groups = groups.map {
                        $0.identifier == identifier
                            ? ObservedGroup(identifier: identifier, name: to.last ?? "", parentIdentifier: resolve(parent)) : $0
                    }
                case .deleteConnection(let identifier, _, _, _):
                    observed.removeAll { $0.identifier == identifier }
                case .createConnection(let identity, let fields, _, let parent):
                    created[identity] = connection(fields.name, in: resolve(parent), protocolName: fields.protocolName,
                                                   parameters: fields.parameters).identifier
                case .updateConnection(let identifier, _, let fields, _, let parent, _):
                    observed = observed.map {
                        $0.identifier == identifier
                            ? ObservedConnection(identifier: identifier, name: fields.name, parentIdentifier: resolve(parent),
                                                 protocolName: fields.protocolName, parameters: fields.parameters) : $0
                    }
                case .deleteGroup(let identifier, _):
                    var doomed: Set<String> = [identifier]
                    var grew = true
                    while grew {
                        let before = doomed.count
                        doomed.formUnion(groups.filter { doomed.contains($0.parentIdentifier) }.map(\.identifier))
                        grew = doomed.count != before
                    }
                    groups.removeAll { doomed.contains($0.identifier) }
                    observed.removeAll { doomed.contains($0.parentIdentifier) }
                case .grantRead, .pullIntoNotes:
                    break
                }
            }
        }
        return created
    }

    /// Applies the plan and records the new state, as a full `auto` run would.
    mutating func applyAndRecord(_ plan: Plan) {
        let created = apply(plan)
        state = state.updated(after: plan, createdIdentifiers: created, at: Fixture.syncDate)
    }
}
