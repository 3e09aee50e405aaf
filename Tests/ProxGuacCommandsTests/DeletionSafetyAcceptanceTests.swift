import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Everything a test compares before and after a run: Guacamole's connections (ids, names, parents,
/// parameters, attributes), groups, the lab-admins grants, and on Proxmox the notes and power states.
struct LabPicture: Equatable {
    var connections: [LabGuacConnection]
    var groups: [LabGuacGroup]
    var grants: LabGuacGrants?
    var notes: [Int: String]
    var statuses: [Int: String]

    static let vmids = [100, 101, 102, 103, 104, 105, 9000, 200, 201, 202]

    init(_ lab: Lab) {
        connections = lab.guacamoleConnections()
        groups = lab.guacamoleGroups()
        grants = lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup)
        notes = Dictionary(uniqueKeysWithValues: Self.vmids.map { ($0, lab.notes(vmid: $0) ?? "") })
        statuses = Dictionary(uniqueKeysWithValues: Self.vmids.map { ($0, lab.guestStatus(vmid: $0) ?? "") })
    }

    /// The picture without the connections of one guest (whose change is the intended one).
    func without(vmid: Int) -> LabPicture {
        var copy = self
        copy.connections.removeAll { $0.parameters["proxguac-id"]?.hasPrefix("v1:pve:\(vmid):") == true }
        copy.notes[vmid] = nil
        return copy
    }
}

/// Acceptance for issue 13 ("never destroy what nobody asked to"): the real binary against the lab,
/// one test per item the issue saw, each comparing everything outside the intended change.
@Suite("Deletion safety, ownership and read-only runs (issue 13)")
struct DeletionSafetyAcceptanceTests {
    static let syncToken = LabDemoCredentials.proxmoxTokenID

    /// Syncs once (exit 0) and returns the picture after it.
    @discardableResult
    static func firstSync(_ setup: CLILab) throws -> LabPicture {
        let first = try setup.run(["auto"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        return LabPicture(setup.lab)
    }

    @Test("1. an emptied guest list (proxy answering []), a filter typo, a token that lost VM.Audit: nothing deleted, exit 5")
    func smallerGuestList() throws {
        try CLILab.with { setup in
            let before = try Self.firstSync(setup)
            #expect(before.connections.count == 9)

            // A proxy (or a token without VM.Audit) answering an empty list: the empty-selection trigger.
            setup.lab.setFaults(LabFaults(rules: [LabFaultRule(server: .proxmox, path: "/api2/json/cluster/resources", kind: .emptyList)]))
            let emptied = try setup.run(["auto"])
            #expect(emptied.status == 5, "\(emptied.stdout)\(emptied.stderr)")
            #expect(emptied.stdout.contains("Held back by the deletion guard"))
            #expect(emptied.stderr.contains("--allow-mass-delete"))
            #expect(LabPicture(setup.lab) == before)
            setup.lab.setFaults(LabFaults())

            // A typo in sync.include.tags selects nothing.
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["include"] = ["tags": ["prdo"]]
                config["sync"] = sync
            }
            let typo = try setup.run(["auto", "--json"])
            #expect(typo.status == 5, "\(typo.stdout)\(typo.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(typo.stdout.utf8)) as? [String: Any]
            let held = ((document?["plan"] as? [String: Any])?["deletionGuard"] as? [String: Any])?["heldDeletes"] as? Int
            #expect(held == 13)
            #expect(LabPicture(setup.lab) == before)
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["include"] = nil
                config["sync"] = sync
            }

            // The token lost VM.Audit (Proxmox answers an empty list, not an error): the view shrank, and
            // --allow-mass-delete does not lift that.
            setup.lab.setTokenPrivileges(Self.syncToken, ["/nodes": ["Sys.Audit"]])
            for flags in [[], ["--allow-mass-delete"]] {
                let lost = try setup.run(["auto"] + flags)
                #expect(lost.status == 5, "\(flags): \(lost.stdout)\(lost.stderr)")
                #expect(lost.stderr.contains("VM.Audit"))
                #expect(LabPicture(setup.lab) == before)
            }
            setup.lab.setTokenPrivileges(Self.syncToken, nil)
            let restored = try setup.run(["auto"])
            #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
            #expect(LabPicture(setup.lab) == before)
        }
    }

    @Test("1b. a token narrowed to one pool deletes nothing even with --allow-mass-delete; --accept-scope-change acknowledges it once")
    func narrowedToPool() throws {
        try CLILab.with { setup in
            let before = try Self.firstSync(setup)
            // Pool "lab" holds guests 100 and 101 only.
            setup.lab.setTokenPrivileges(Self.syncToken, ["/pool/lab": ["VM.Audit", "VM.Config.Options", "VM.Monitor", "Pool.Audit"],
                                                          "/nodes": ["Sys.Audit"]])
            let narrowed = try setup.run(["auto", "--allow-mass-delete"])
            #expect(narrowed.status == 5, "\(narrowed.stdout)\(narrowed.stderr)")
            #expect(narrowed.stderr.contains("--accept-scope-change"))
            #expect(LabPicture(setup.lab) == before)

            // Deliberate: acknowledged once, the guests outside the pool lose their connections.
            let accepted = try setup.run(["auto", "--accept-scope-change"])
            #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
            let markers = Set(setup.lab.guacamoleConnections().compactMap { $0.parameters["proxguac-id"] })
            #expect(markers.allSatisfy { $0.hasPrefix("v1:pve:100:") || $0.hasPrefix("v1:pve:101:") })
            #expect(markers.count == 4)
            let again = try setup.run(["auto"])
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        }
    }

    @Test("1c. more deletes than sync.maxDeletes: none applied, exit 5; --allow-mass-delete deletes exactly those")
    func maxDeletes() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["maxDeletes"] = 2
                config["sync"] = sync
            }
            let before = try Self.firstSync(setup)
            setup.lab.setNotes(vmid: 100, "Front-office desktop, no remote access any more.")
            let held = try setup.run(["auto"])
            #expect(held.status == 5, "\(held.stdout)\(held.stderr)")
            #expect(held.stderr.contains("sync.maxDeletes (2)"))
            #expect(LabPicture(setup.lab).without(vmid: 100) == before.without(vmid: 100))
            #expect(LabPicture(setup.lab).connections == before.connections)

            let allowed = try setup.run(["auto", "--allow-mass-delete"])
            #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
            let after = LabPicture(setup.lab)
            #expect(!after.connections.contains { $0.parameters["proxguac-id"]?.hasPrefix("v1:pve:100:") == true })
            #expect(after.connections == before.without(vmid: 100).connections)
            #expect(after.groups.count == before.groups.count - 1)
        }
    }

    @Test("2. status is not membership: a guest stopped under status [running] keeps its connection id; an offline node's guests keep theirs")
    func statusIsNotMembership() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["include"] = ["status": ["running"]]
                config["sync"] = sync
            }
            let before = try Self.firstSync(setup)
            let web = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            setup.lab.setGuestStatus(vmid: 101, "stopped")
            let stopped = try setup.run(["auto"])
            #expect(stopped.status == 0, "\(stopped.stdout)\(stopped.stderr)")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy") == web)
            var expected = before
            expected.statuses[101] = "stopped"
            #expect(LabPicture(setup.lab) == expected)
            setup.lab.setGuestStatus(vmid: 101, "running")
            #expect(try setup.run(["auto"]).status == 0)
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.identifier == web.identifier)

            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["include"] = ["status": ["running", "stopped"]]
                config["sync"] = sync
            }
            let both = try Self.firstSync(setup)
            setup.lab.setNodeOnline("pve2", false)
            let offline = try setup.run(["auto"])
            #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
            var unknown = both
            unknown.statuses = LabPicture(setup.lab).statuses
            #expect(LabPicture(setup.lab) == unknown)
            #expect(setup.connection(marker: "v1:pve:201:ssh:pi") != nil)
            #expect(setup.connection(marker: "v1:pve:102:ssh:dba") != nil)
        }
    }

    @Test("3. attributes set in the web UI survive an update from a notes change")
    func attributesSurvive() throws {
        try CLILab.with { setup in
            let before = try Self.firstSync(setup)
            let rdp = try #require(setup.connection(marker: "v1:pve:100:rdp:admin"))
            let attributes = ["max-connections": "5", "max-connections-per-user": "2", "guacd-hostname": "198.51.100.99",
                              "failover-only": "true", "weight": "3"]
            setup.lab.setGuacamoleAttributes(identifier: rdp.identifier, attributes)
            let withAttributes = LabPicture(setup.lab)
            let notes = try #require(setup.lab.notes(vmid: 100))
            setup.lab.setNotes(vmid: 100, notes.replacingOccurrences(of: "rdp_port:\"3390\"", with: "rdp_port:\"3391\""))
            let update = try setup.run(["auto"])
            #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
            let updated = try #require(setup.connection(marker: "v1:pve:100:rdp:admin"))
            #expect(updated.parameters["port"] == "3391")
            #expect(updated.identifier == rdp.identifier)
            for (key, value) in attributes { #expect(updated.attributes[key] == value, "\(key)") }
            var expected = withAttributes
            expected.connections = expected.connections.map { $0.identifier == rdp.identifier ? updated : $0 }
            expected.notes[100] = setup.lab.notes(vmid: 100) ?? ""
            #expect(LabPicture(setup.lab) == expected)
            #expect(before.connections.count == expected.connections.count)
        }
    }

    @Test("4. an unmarked connection at a note's place is never taken over or deleted; adopt is not steered by a notes host:")
    func unmarkedByPlace() throws {
        try CLILab.with { setup in
            let root = setup.lab.addGuacamoleGroup(name: "Proxmox")
            let group = setup.lab.addGuacamoleGroup(name: "web01 (101)", parent: root)
            let handMade = setup.lab.addGuacamoleConnection(
                name: "web01/ssh", parent: group, protocol: "ssh",
                parameters: ["hostname": "203.0.113.7", "port": "22", "username": "deploy", "password": "hand-made-secret"])
            let before = LabPicture(setup.lab)
            let run = try setup.run(["auto"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("#\(handMade) already sits at"))
            let after = LabPicture(setup.lab)
            #expect(after.connections.first { $0.identifier == handMade } == before.connections.first { $0.identifier == handMade })
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy") == nil)

            setup.lab.setNotes(vmid: 101, "Public web server (nginx), no entries any more.")
            let removed = try setup.run(["auto"])
            #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
            #expect(LabPicture(setup.lab).connections.first { $0.identifier == handMade } == before.connections.first { $0.identifier == handMade })
            #expect(setup.lab.guacamoleGroups().contains { $0.identifier == group })

            // A notes entry naming the printer's address with host: must not make adopt take the printer at ROOT.
            let printer = try #require(setup.lab.guacamoleConnections().first { $0.name == "Office printer (manual)" })
            setup.lab.setNotes(vmid: 103, "user:\"admin\" pass:\"x\" protos:\"ssh\" host:\"203.0.113.50\" confName:\"Office printer (manual)\";")
            let adopt = try setup.run(["adopt"])
            #expect(adopt.status == 0, "\(adopt.stdout)\(adopt.stderr)")
            #expect(adopt.stdout.contains("Adopted 0 connection"))
            #expect(setup.lab.guacamoleConnections().first { $0.identifier == printer.identifier } == printer)
        }
    }

    @Test("5. copies made by hand (marker included) and hand-made groups are never deleted, even with deleteOrphans off or their guest gone")
    func handCopiesAndGroups() throws {
        try CLILab.with { setup in
            try Self.firstSync(setup)
            let pi = try #require(setup.connection(marker: "v1:pve:201:ssh:pi"))
            let root = try #require(setup.lab.guacamoleGroups().first { $0.name == "Proxmox" && $0.parentIdentifier == "ROOT" })
            let clone = setup.lab.addGuacamoleConnection(name: pi.name + " (clone)", parent: pi.parentIdentifier,
                                                         protocol: pi.protocol, parameters: pi.parameters)
            let empty = setup.lab.addGuacamoleGroup(name: "hand-made", parent: root.identifier)
            let balancing = setup.lab.addGuacamoleGroup(name: "pool", parent: root.identifier, type: "BALANCING")
            let withHandWork = LabPicture(setup.lab)

            for deleteOrphans in [false, true] {
                try setup.editConfig { config in
                    var sync = config["sync"] as? [String: Any] ?? [:]
                    sync["deleteOrphans"] = deleteOrphans
                    config["sync"] = sync
                }
                let run = try setup.run(["auto"])
                #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
                #expect(run.stdout.contains("copied by hand: #\(clone)"))
                #expect(LabPicture(setup.lab) == withHandWork)
            }

            // The guest's entries go: its managed connections are deleted, the clone and its group stay.
            setup.lab.setNotes(vmid: 201, "Pi-hole, retired.")
            let gone = try setup.run(["auto"])
            #expect(gone.status == 0, "\(gone.stdout)\(gone.stderr)")
            let after = LabPicture(setup.lab)
            #expect(after.connections.first { $0.identifier == clone } == withHandWork.connections.first { $0.identifier == clone })
            #expect(after.connections.count == withHandWork.connections.count - 2)
            #expect(Set(after.groups.map(\.identifier)).isSuperset(of: [empty, balancing, pi.parentIdentifier]))
            #expect(after.without(vmid: 201).connections.filter { $0.identifier != clone }
                == withHandWork.without(vmid: 201).connections.filter { $0.identifier != clone })
        }
    }

    @Test("5b. several copies of a marker and no state record: none is touched; adopt --connection names the managed one")
    func ambiguousCopies() throws {
        try CLILab.with { setup in
            try Self.firstSync(setup)
            let pi = try #require(setup.connection(marker: "v1:pve:201:ssh:pi"))
            let clone = setup.lab.addGuacamoleConnection(name: pi.name + " (clone)", parent: pi.parentIdentifier,
                                                         protocol: pi.protocol, parameters: pi.parameters)
            try FileManager.default.removeItem(atPath: setup.directory.path + "/config.state/state.json")
            let notes = try #require(setup.lab.notes(vmid: 201))
            setup.lab.setNotes(vmid: 201, notes.replacingOccurrences(of: "protos:\"ssh,vnc\"", with: "protos:\"ssh,vnc\" ssh_port:\"2222\""))
            let before = LabPicture(setup.lab)
            let ambiguous = try setup.run(["auto"])
            #expect(ambiguous.status == 0, "\(ambiguous.stdout)\(ambiguous.stderr)")
            #expect(ambiguous.stdout.contains("adopt --connection"))
            #expect(LabPicture(setup.lab).connections == before.connections)

            let named = try setup.run(["adopt", "--connection", pi.identifier])
            #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
            #expect(LabPicture(setup.lab).connections == before.connections)
            let update = try setup.run(["auto"])
            #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
            let after = LabPicture(setup.lab)
            #expect(after.connections.first { $0.identifier == pi.identifier }?.parameters["port"] == "2222")
            #expect(after.connections.first { $0.identifier == clone } == before.connections.first { $0.identifier == clone })
            #expect(after.connections.filter { $0.identifier != pi.identifier } == before.connections.filter { $0.identifier != pi.identifier })

            let outside = try setup.run(["adopt", "--connection", "1"])
            #expect(outside.status == 2)
        }
    }

    @Test("6. a state file of another Guacamole refuses to run (exit 2, names --rebind); --rebind re-derives from markers only")
    func stateBoundToServer() throws {
        try CLILab.with { setup in
            try Self.firstSync(setup)
            let scenario = try LabScenario.defaultScenario()
            let other = try Lab.start(scenario, options: LabOptions())
            defer { other.stop() }
            let otherConfig = setup.directory.path + "/other.json"
            _ = try LabConfigWriter(lab: other, scenario: scenario).write(to: otherConfig)
            // Same config, state and Proxmox; only Guacamole moved.
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: setup.config))) as? [String: Any] ?? [:]
            let otherObject = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: otherConfig))) as? [String: Any] ?? [:]
            object["guacamole"] = otherObject["guacamole"]
            try setup.directory.write("moved.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            // Hand-made connections on the other server whose ids the state knows.
            for index in 0..<8 {
                other.addGuacamoleConnection(name: "hand \(index)", protocol: "ssh", parameters: ["hostname": "203.0.113.\(index + 1)", "port": "22"])
            }
            let before = LabPicture(other)
            let moved = setup.directory.path + "/moved.json"
            let refused = try ProxGuacBinary.run(["auto", "--push", "--config", moved], in: setup.directory.path)
            #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("--rebind"))
            #expect(LabPicture(other) == before)

            let rebound = try ProxGuacBinary.run(["auto", "--rebind", "--config", moved], in: setup.directory.path)
            #expect(rebound.status == 0, "\(rebound.stdout)\(rebound.stderr)")
            let after = other.guacamoleConnections()
            for connection in before.connections { #expect(after.first { $0.identifier == connection.identifier } == connection) }
            #expect(after.filter { $0.parameters["proxguac-id"] != nil }.count == 8)
        }
    }

    @Test("7. list and auto --dry-run never start a guest, even with network.startStoppedForDiscovery")
    func readOnlyNeverStarts() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in
                var network = config["network"] as? [String: Any] ?? [:]
                network["startStoppedForDiscovery"] = true
                config["network"] = network
            }
            let before = LabPicture(setup.lab)
            for arguments in [["list"], ["auto", "--dry-run"], ["list", "--verbose"]] {
                let run = try setup.run(arguments)
                #expect(run.status == 0, "\(arguments): \(run.stdout)\(run.stderr)")
            }
            #expect(setup.lab.requestCounts().keys.allSatisfy { !$0.hasPrefix("POST") || !$0.contains("/status/") })
            #expect(LabPicture(setup.lab) == before)
            #expect(!FileManager.default.fileExists(atPath: setup.directory.path + "/config.state/state.json"))
        }
    }

    @Test("8. a 302 answer to a delete is a failure: exit 3, the connection is still there, the audit log says failed")
    func redirectIsFailure() throws {
        try CLILab.with { setup in
            let before = try Self.firstSync(setup)
            setup.lab.setNotes(vmid: 201, "Pi-hole, retired.")
            setup.lab.setFaults(LabFaults(rules: [
                LabFaultRule(server: .guacamole, method: "DELETE", path: "*", kind: .httpStatus(302)),
                LabFaultRule(server: .guacamole, method: "PATCH", path: "*", kind: .httpStatus(302)),
            ]))
            let run = try setup.run(["auto"])
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("302"))
            #expect(LabPicture(setup.lab).connections == before.connections)
            let audit = (try? String(contentsOfFile: setup.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
            #expect(audit.contains("\"failed\""))
            #expect(!audit.split(separator: "\n").contains { $0.contains("delete-connection") && $0.contains("\"ok\"") })
        }
    }
}
