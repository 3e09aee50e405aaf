import Foundation
import Testing
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacLab
import ProxGuacSync

/// The migration from Proxmox-Guacamole-Sync (issue #15), end to end against the lab over HTTPS.
///
/// Guacamole is first put into the state the original tool (guac_vm_manager.py) leaves for a 60-guest lab:
/// one connection per entry and protocol, named `{user}@{vmname}-{proto}` (or the entry's confName), at ROOT
/// or in a group at ROOT named after the VM, with the original's parameters (`security=any`, the visual flags,
/// `resize-method`, VNC colour/cursor settings, `enable-sftp` and `sftp-directory=/home/<user>` for SSH, the
/// WoL parameters), attributes `max-connections=2` / `max-connections-per-user=1`, and VNC without a username.
/// Three of them point at a stale address. Then `adopt --remove-empty-groups` and two `auto` runs with the
/// `proxmox-guacamole-sync` preset.
@Suite("Migration from Proxmox-Guacamole-Sync (acceptance)")
struct MigrationAcceptanceTests {
    static let staleAddress = "203.0.113.250"

    @Test("adopt + two auto runs: no duplicate, ids kept, the original's values survive, VNC gains its username")
    func migrationKeepsEverything() async throws {
        let base = try SyncLab.start(LabScenario.generated(guests: 60, nodes: 2, seed: 15))
        defer { base.stop() }
        var config = base.config
        config.sync.defaults = ConnectionDefaults(preset: .proxmoxGuacamoleSync, explicit: [:])
        let lab = SyncLab(lab: base.lab, config: config, directory: base.directory)

        // What the notes ask for, to build the original's output from.
        let desired = try await lab.engine().plan(resolution: .report).desired
        #expect(desired.count >= 60, "the scenario yields \(desired.count) connections")
        let original = try await Self.writeOriginalState(desired, engine: lab.engine())
        let stale = Set(original.filter { $0.stale }.map(\.identifier))
        #expect(stale.count >= 3)

        // Without the preset configured, adopt (dry run) proposes it: the connections carry its values.
        let plain = Adoption(engine: try base.engine())
        let (run, result, observed) = try await plain.survey()
        let proposal = plain.leftovers(run, result, observed: observed, adopted: Set(result.matches.map(\.connection.identifier)))
        #expect(proposal.proposedPreset == .proxmoxGuacamoleSync)
        #expect(proposal.presetCarriers == proposal.adoptedCount && proposal.adoptedCount == original.count - stale.count)

        // adopt: takes the others, lists the stale ones with the differing field, proposes nothing (preset set).
        let adoption = try await Adoption(engine: lab.engine()).adopt(removeEmptyGroups: true)
        #expect(adoption.failures.isEmpty, "\(adoption.failures)")
        #expect(Set(adoption.adopted.map(\.connection.identifier)) == Set(original.filter { !$0.stale }.map(\.identifier)))
        let listed = Dictionary(adoption.leftovers.unmatched.map { ($0.connection.identifier, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(listed.keys).isSuperset(of: stale))
        for identifier in stale {
            let reason = listed[identifier] ?? ""
            #expect(reason.contains("hostname \(Self.staleAddress)") && reason.contains("differ"), "\(reason)")
        }
        // Besides them only the lab's hand-made connection at ROOT, which names no guest.
        for (identifier, reason) in listed where !stale.contains(identifier) {
            #expect(base.unmanagedAtStart.contains { $0.identifier == identifier }, "\(identifier): \(reason)")
            #expect(reason == "no guest's name appears in its name or group")
        }
        // The groups named after a VM that only held adopted connections are removed, and nothing else.
        let removed = Set(adoption.removedGroups.map(\.identifier))
        let staleParents = Set(original.filter { $0.stale }.map(\.parent))
        let expectedRemoved = Set(original.filter { $0.parent != "ROOT" && !staleParents.contains($0.parent) }.map(\.parent))
        #expect(removed == expectedRemoved)
        #expect(lab.lab.guacamoleGroups().filter { removed.contains($0.identifier) }.isEmpty)
        #expect(staleParents.subtracting(["ROOT"]).allSatisfy { parent in lab.lab.guacamoleGroups().contains { $0.identifier == parent } })

        // First auto: files them under their guests' groups, adds VNC usernames, creates only the stale ones' replacements.
        let (firstRun, firstReport) = try await lab.sync()
        #expect(firstReport.failures.isEmpty, "\(firstReport.failures)")
        let creates = firstRun.plan.actions.filter { if case .createConnection = $0.operation { true } else { false } }
        #expect(creates.count == stale.count, "only the stale connections' entries are created anew")
        let deletes = firstRun.plan.actions.filter { if case .deleteConnection = $0.operation { true } else { false } }
        #expect(deletes.isEmpty)

        let now = Dictionary(lab.lab.guacamoleConnections().map { ($0.identifier, $0) }, uniquingKeysWith: { a, _ in a })
        // 0 duplicates: every identity has exactly one connection carrying its marker.
        let markers = lab.lab.guacamoleConnections().compactMap { $0.parameters[IdentityMarker.parameterName] }
        #expect(markers.count == Set(markers).count)
        #expect(Set(markers).count == desired.count)
        for item in original where !item.stale {
            let connection = try #require(now[item.identifier], "adopted connection #\(item.identifier) kept its id")
            #expect(connection.parameters[IdentityMarker.parameterName] == IdentityMarker.encode(item.identity))
            for (name, value) in item.parameters where name != GuacamoleParameterName.username || item.identity.protocolName != "vnc" {
                #expect(connection.parameters[name] == value, "#\(item.identifier) \(item.name): \(name)")
            }
            #expect(connection.attributes["max-connections"] == "2" && connection.attributes["max-connections-per-user"] == "1",
                    "#\(item.identifier) attributes")
            if item.identity.protocolName == "vnc" {
                #expect(item.parameters[GuacamoleParameterName.username] == nil)
                #expect(connection.parameters[GuacamoleParameterName.username] == item.identity.username, "VNC gains its username")
            }
        }
        for identifier in stale {
            #expect(now[identifier]?.parameters[IdentityMarker.parameterName] == nil, "the stale connection is left alone")
        }

        // Second auto: nothing to do.
        let second = try await lab.engine().plan(resolution: .report)
        #expect(second.plan.isEmpty, "\(second.plan.renderText())")
    }

    struct OriginalConnection {
        let identifier: String
        let name: String
        let parent: String
        let identity: ConnectionIdentity
        let parameters: [String: String]
        let stale: Bool
    }

    /// Creates what the original tool leaves in Guacamole for `desired`, through the real client.
    static func writeOriginalState(_ desired: [DesiredConnection], engine: SyncEngine) async throws -> [OriginalConnection] {
        let client = engine.guacamole
        var groups: [String: String] = [:]
        var made: [OriginalConnection] = []
        let sorted = desired.sorted { $0.identity < $1.identity }
        for (index, wanted) in sorted.enumerated() {
            guard case .proxmox(_, let vmid) = wanted.identity.source else { continue }
            let proto = try #require(GuestProtocol(rawValue: wanted.identity.protocolName))
            let user = wanted.identity.username
            var parameters: [String: String] = [
                "hostname": wanted.parameters["hostname"] ?? "", "port": wanted.parameters["port"] ?? "",
                "password": wanted.parameters["password"] ?? "",
            ]
            if proto != .vnc { parameters["username"] = user }
            for (name, value) in ConnectionDefaultsPreset.proxmoxGuacamoleSync.parameterPairs(for: proto) {
                parameters[name] = value.replacingOccurrences(of: "{user}", with: user)
            }
            for (name, value) in wanted.parameters.values where name.hasPrefix("wol-") { parameters[name] = value }
            let stale = index % 25 == 7
            if stale { parameters["hostname"] = staleAddress }
            // The original's layout: VMs with an even id got a group named after the VM, the others sit at ROOT.
            var parent = guacamoleRootIdentifier
            if vmid % 2 == 0 {
                if let existing = groups[wanted.guestName] {
                    parent = existing
                } else {
                    let group = try await client.createConnectionGroup(GuacamoleConnectionGroup(name: wanted.guestName))
                    parent = try #require(group.identifier)
                    groups[wanted.guestName] = parent
                }
            }
            let created = try await client.createConnection(GuacamoleConnection(
                name: wanted.name, parentIdentifier: parent, protocol: proto.rawValue, parameters: parameters,
                attributes: ["max-connections": "2", "max-connections-per-user": "1"]))
            made.append(OriginalConnection(identifier: try #require(created.identifier), name: wanted.name, parent: parent,
                                           identity: wanted.identity, parameters: parameters, stale: stale))
        }
        return made
    }
}
