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
