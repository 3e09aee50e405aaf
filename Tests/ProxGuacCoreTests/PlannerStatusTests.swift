import Testing
@testable import ProxGuacCore

/// One row of the status table: a world, what the planner must say about `pve:100:rdp:admin`,
/// and which kinds of actions it must plan.
struct StatusCase: Sendable, CustomTestStringConvertible {
    let name: String
    let statuses: [SyncStatus]
    let phases: [PlanAction.Phase]
    let plan: @Sendable () -> Plan

    var testDescription: String { name }
}

private let base = Fixture.desired()
private let source = base.identity.source

/// The status table: every status and the combinations users meet.
let statusCases: [StatusCase] = [
    StatusCase(name: "ok when nothing changed", statuses: [.ok], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([base])
    },
    StatusCase(name: "pve-changed pushes the notes", statuses: [.pveChanged], phases: [.updateConnections]) {
        var world = World(); world.synced(base)
        return world.plan([Fixture.desired(port: "3390")])
    },
    StatusCase(name: "guac-drift is only reported by default", statuses: [.guacDrift], phases: []) {
        var world = World(); world.synced(base) { $0["port"] = "3391" }
        return world.plan([base])
    },
    StatusCase(name: "guac-drift with --push overwrites Guacamole", statuses: [.guacDrift], phases: [.updateConnections]) {
        var world = World(); world.synced(base) { $0["port"] = "3391" }
        return world.plan([base], options: Fixture.options(.push))
    },
    StatusCase(name: "guac-drift with --pull writes the notes", statuses: [.guacDrift], phases: [.pullIntoNotes]) {
        var world = World(); world.synced(base) { $0["password"] = "changed-in-web-ui" }
        return world.plan([base], options: Fixture.options(.pull))
    },
    StatusCase(name: "conflict is never resolved silently", statuses: [.conflict], phases: []) {
        var world = World(); world.synced(base) { $0["port"] = "3391" }
        return world.plan([Fixture.desired(password: "new-in-notes")])
    },
    StatusCase(name: "conflict with --push", statuses: [.conflict], phases: [.updateConnections]) {
        var world = World(); world.synced(base) { $0["port"] = "3391" }
        return world.plan([Fixture.desired(password: "new-in-notes")], options: Fixture.options(.push))
    },
    StatusCase(name: "conflict with --pull", statuses: [.conflict], phases: [.pullIntoNotes]) {
        var world = World(); world.synced(base) { $0["port"] = "3391" }
        return world.plan([Fixture.desired(password: "new-in-notes")], options: Fixture.options(.pull))
    },
    StatusCase(name: "missing: new entry creates root group, guest group and connection", statuses: [.missing],
               phases: [.createGroups, .createGroups, .createConnections]) {
        World().plan([base])
    },
    StatusCase(name: "missing: deleted in Guacamole is recreated", statuses: [.missing], phases: [.createConnections]) {
        var world = World(); world.synced(base)
        world.observed.removeAll()
        return world.plan([base])
    },
    StatusCase(name: "pve-changed + missing recreates with the new fields", statuses: [.missing], phases: [.createConnections]) {
        var world = World(); world.synced(base)
        world.observed.removeAll()
        return world.plan([Fixture.desired(port: "3390")])
    },
    StatusCase(name: "orphan: entry removed from the notes is deleted with its empty group", statuses: [.orphan],
               phases: [.deleteConnections, .deleteGroups]) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [source: .known])
    },
    StatusCase(name: "orphan: deleted guest", statuses: [.orphan], phases: [.deleteConnections, .deleteGroups]) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [:])
    },
    StatusCase(name: "orphan kept when deleteOrphans is off", statuses: [.orphan], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [source: .known], options: Fixture.options(deleteOrphans: false))
    },
    StatusCase(name: "orphan on an offline node is kept", statuses: [.unknownNode], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [source: .nodeOffline(node: "pve2")])
    },
    StatusCase(name: "invalid-notes entry keeps its connection", statuses: [.invalidNotes], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], blocked: [BlockedEntry(identity: base.identity, reason: .invalidNotes("cannot decrypt"))],
                          availability: [source: .invalidNotes(diagnostics: ["line 1: cannot decrypt"])])
    },
    StatusCase(name: "invalid-notes on the guest keeps connections it cannot match", statuses: [.invalidNotes], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [source: .invalidNotes(diagnostics: ["line 3: unknown protocol \"rdpp\""])])
    },
    StatusCase(name: "invalid-notes entry is not created", statuses: [.invalidNotes], phases: []) {
        World().plan([], blocked: [BlockedEntry(identity: base.identity, reason: .invalidNotes("missing password"))],
                     availability: [source: .known])
    },
    StatusCase(name: "no-ip keeps the existing connection", statuses: [.noIP], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], blocked: [BlockedEntry(identity: base.identity, reason: .noAddress)],
                          availability: [source: .noAddress])
    },
    StatusCase(name: "no-ip on the guest keeps unmatched connections", statuses: [.noIP], phases: []) {
        var world = World(); world.synced(base)
        return world.plan([], availability: [source: .noAddress])
    },
    StatusCase(name: "no-ip does not create", statuses: [.noIP], phases: []) {
        World().plan([], blocked: [BlockedEntry(identity: base.identity, reason: .noAddress)], availability: [source: .noAddress])
    },
    StatusCase(name: "duplicate: a copy made by hand is left alone", statuses: [.duplicate, .ok], phases: []) {
        var world = World(); world.synced(base)
        world.synced(base, record: false, in: world.root())
        return world.plan([base])
    },
    StatusCase(name: "duplicate + pve-changed updates only the recorded copy", statuses: [.duplicate, .pveChanged], phases: [.updateConnections]) {
        var world = World(); world.synced(base)
        world.synced(base, record: false, in: world.root())
        return world.plan([Fixture.desired(port: "3390")])
    },
    StatusCase(name: "duplicate + orphan deletes only the recorded copy; the hand copy keeps its group", statuses: [.duplicate, .orphan],
               phases: [.deleteConnections]) {
        var world = World(); world.synced(base)
        world.synced(base, record: false)
        return world.plan([], availability: [source: .known])
    },
    StatusCase(name: "several copies and no record naming one: none is touched, none created", statuses: [.duplicate], phases: []) {
        var world = World(); world.synced(base, record: false)
        world.synced(base, record: false, in: world.root())
        return world.plan([Fixture.desired(port: "3390")])
    },
    StatusCase(name: "lost state, equal fields: ok", statuses: [.ok], phases: []) {
        var world = World(); world.synced(base, record: false)
        return world.plan([base])
    },
    StatusCase(name: "lost state, different fields: the notes win", statuses: [.pveChanged], phases: [.updateConnections]) {
        var world = World(); world.synced(base, record: false) { $0["port"] = "3391" }
        return world.plan([base])
    },
]

@Suite("Planner statuses")
struct PlannerStatusTests {
    @Test(arguments: statusCases)
    func statusTable(_ testCase: StatusCase) {
        let plan = testCase.plan()
        let row = plan.row(for: base.identity)
        #expect(row?.statuses == testCase.statuses)
        #expect(plan.actions.map(\.phase) == testCase.phases)
        #expect(plan.rows.count == 1)
        #expect(row?.reason.isEmpty == false)
    }

    @Test("pve-changed update names the changed field and writes the new value into the existing group")
    func pveChangedUpdate() throws {
        var world = World()
        let existing = world.synced(base)
        let changed = Fixture.desired(port: "3390")
        let plan = world.plan([changed])
        guard case .updateConnection(let id, _, let fields, _, let parent, let names) = try #require(plan.actions.first?.operation) else {
            Issue.record("expected an update, got \(plan.actions)")
            return
        }
        #expect(id == existing.identifier)
        #expect(fields.parameters["port"] == "3390")
        #expect(parent == .existing(identifier: existing.parentIdentifier))
        #expect(names == ["port"])
        #expect(plan.row(for: base.identity)?.changedFields == ["port"])
    }

    @Test("--pull carries Guacamole's values of the changed fields, and never prints the password")
    func pullCarriesValues() throws {
        var world = World()
        world.synced(base) {
            $0["password"] = "changed-in-web-ui"
            $0["port"] = "3391"
        }
        let plan = world.plan([base], options: Fixture.options(.pull))
        guard case .pullIntoNotes(_, _, let changes, let unpullable) = try #require(plan.actions.first?.operation) else {
            Issue.record("expected a pull, got \(plan.actions)")
            return
        }
        #expect(changes == [FieldChange(field: "password", value: "changed-in-web-ui"), FieldChange(field: "port", value: "3391")])
        #expect(unpullable.isEmpty)
        #expect(!String(describing: changes).contains("changed-in-web-ui"))
        #expect(String(describing: changes).contains("port=3391"))
    }

    @Test("a connection renamed in the web UI cannot be pulled: reported, --push restores it")
    func renamedInGuacamole() throws {
        var world = World()
        world.synced(base)
        world.observed[0] = ObservedConnection(identifier: world.observed[0].identifier, name: "renamed by hand",
                                               parentIdentifier: world.observed[0].parentIdentifier, protocolName: "rdp",
                                               parameters: world.observed[0].parameters)
        let pulled = world.plan([base], options: Fixture.options(.pull))
        #expect(pulled.row(for: base.identity)?.status == .guacDrift)
        #expect(pulled.actions.isEmpty)
        #expect(pulled.row(for: base.identity)?.reason.contains("--push") == true)
        let pushed = world.plan([base], options: Fixture.options(.push))
        #expect(pushed.actions.map(\.phase) == [.updateConnections])
    }

    @Test("the copy the state file points at is managed; the copy made by hand is reported and never touched")
    func duplicateKeepsStateCopy() {
        var world = World()
        let extra = world.synced(base, record: false, in: world.root())
        let recorded = world.synced(base)
        #expect(Int(extra.identifier)! < Int(recorded.identifier)!)
        let plan = world.plan([Fixture.desired(port: "3390")])
        #expect(plan.row(for: base.identity)?.guacIdentifier == recorded.identifier)
        #expect(plan.touchedConnections == [recorded.identifier])
        #expect(plan.row(for: base.identity)?.reason.contains("copied by hand: #\(extra.identifier)") == true)
    }

    @Test("lost state: identities come back from markers; an unmarked connection at the same place is never taken over")
    func recoveryWithoutState() {
        var world = World()
        let marked = world.synced(base, record: false)
        let other = Fixture.desired(vmid: 101, vmname: "db01")
        let unmarked = world.synced(other, record: false, marker: false)
        let plan = world.plan([base, other])
        #expect(plan.row(for: base.identity)?.status == .ok)
        #expect(plan.row(for: base.identity)?.guacIdentifier == marked.identifier)
        // A place match is not ownership: not updated, and nothing created next to it.
        #expect(plan.row(for: other.identity)?.status == .missing)
        #expect(plan.row(for: other.identity)?.reason.contains("#\(unmarked.identifier)") == true)
        #expect(plan.touchedConnections.isEmpty)
        #expect(plan.actions(in: .createConnections).isEmpty)
        #expect(plan.unidentified.map(\.identifier) == [unmarked.identifier])
    }

    @Test("a state record identifies an unmarked connection even after it was renamed")
    func recoveryFromStateRecord() {
        var world = World()
        let connection = world.synced(base, marker: false)
        world.observed[0] = ObservedConnection(identifier: connection.identifier, name: "renamed", parentIdentifier: connection.parentIdentifier,
                                               protocolName: "rdp", parameters: connection.parameters)
        let plan = world.plan([base], options: Fixture.options(.push))
        #expect(plan.row(for: base.identity)?.guacIdentifier == connection.identifier)
        #expect(plan.actions(in: .createConnections).isEmpty)
        #expect(plan.touchedConnections == [connection.identifier])
    }

    @Test("a connection under the root group that nothing identifies is left untouched and listed")
    func unidentifiedConnection() {
        var world = World()
        world.synced(base)
        let stranger = world.connection("made by hand", in: world.guestGroup(of: base),
                                        parameters: ["hostname": "198.51.100.99", "port": "3389"])
        let plan = world.plan([], availability: [source: .known])
        #expect(plan.unidentified.map(\.identifier) == [stranger.identifier])
        #expect(!plan.touchedConnections.contains(stranger.identifier))
        #expect(plan.actions(in: .deleteGroups).isEmpty, "the group still holds the unidentified connection")
    }

    @Test("two entries that render the same connection name: the second is blocked, not created over the first")
    func nameCollision() {
        let first = Fixture.desired(proto: "rdp", name: "web01")
        let second = Fixture.desired(proto: "vnc", name: "web01")
        let plan = World().plan([first, second])
        #expect(plan.row(for: first.identity)?.status == .missing)
        #expect(plan.row(for: second.identity)?.status == .invalidNotes)
        #expect(plan.actions(in: .createConnections).count == 1)
    }

    @Test("blocked entries of a guest do not stop its other entries from syncing")
    func blockedAndValidEntriesTogether() {
        var world = World()
        world.synced(base)
        let ssh = Fixture.desired(user: "root", proto: "ssh")
        let plan = world.plan([ssh], blocked: [BlockedEntry(identity: base.identity, reason: .invalidNotes("cannot decrypt"))],
                              availability: [source: .invalidNotes(diagnostics: ["cannot decrypt"])])
        #expect(plan.row(for: base.identity)?.status == .invalidNotes)
        #expect(plan.row(for: ssh.identity)?.status == .missing)
        #expect(plan.actions.map(\.phase) == [.createConnections])
    }
}
