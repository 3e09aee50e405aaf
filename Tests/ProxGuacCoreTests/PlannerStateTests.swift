import Foundation
import Testing
@testable import ProxGuacCore

@Suite("Sync state file")
struct PlannerStateTests {
    private let identity = ConnectionIdentity.proxmox(vmid: 100, protocolName: "rdp", username: "admin")

    @Test("the state file round-trips and uses identity keys, hex hashes and ISO 8601 dates")
    func roundTrip() throws {
        let hash = Fixture.desired().fields.hash
        let state = SyncState(records: [identity: .init(guacIdentifier: "7", desiredHash: hash, observedHash: hash,
                                                        lastSync: Fixture.syncDate)])
        let data = try JSONEncoder().encode(state)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"pve:100:rdp:admin\""))
        #expect(text.contains("\"version\":1"))
        #expect(text.contains("\"lastSync\":\"2026-01-01T00:00:00Z\""))
        #expect(text.contains(hash.hex))
        #expect(!text.contains(Fixture.password))
        #expect(try JSONDecoder().decode(SyncState.self, from: data) == state)
    }

    @Test("a state file from a newer proxguac is refused with a fix")
    func newerVersion() {
        let data = Data(#"{"version":2,"connections":{}}"#.utf8)
        #expect(throws: SyncStateError.unsupportedVersion(2)) { try JSONDecoder().decode(SyncState.self, from: data) }
        #expect(SyncStateError.unsupportedVersion(2).description.contains("delete the state file"))
    }

    @Test("a state file with a broken identity key is refused with a fix")
    func brokenKey() {
        let record = #"{"guacIdentifier":"7","desiredHash":"00","observedHash":"00","lastSync":"2026-01-01T00:00:00Z"}"#
        let data = Data(#"{"version":1,"connections":{"pve:x:rdp:a":\#(record)}}"#.utf8)
        #expect {
            try JSONDecoder().decode(SyncState.self, from: data)
        } throws: { error in
            (error as? SyncStateError)?.description.contains("vmid \"x\"") == true
        }
    }

    @Test("after apply: created, pushed and deleted identities are recorded or dropped; failures and unresolved drift keep the old record")
    func updatedAfterPlan() throws {
        var world = World()
        let drifted = Fixture.desired(vmid: 100)
        let changed = Fixture.desired(vmid: 101, vmname: "b")
        let orphan = Fixture.desired(vmid: 102, vmname: "c")
        let failing = Fixture.desired(vmid: 103, vmname: "d")
        let new = Fixture.desired(vmid: 104, vmname: "e")
        world.synced(drifted) { $0["port"] = "1" }
        world.synced(changed)
        world.synced(orphan)
        world.synced(failing)
        let desired = [drifted, Fixture.desired(vmid: 101, vmname: "b", port: "3390"), Fixture.desired(vmid: 103, vmname: "d", port: "1"), new]
        let plan = world.plan(desired, availability: [
            drifted.identity.source: .known, changed.identity.source: .known, orphan.identity.source: .known,
            failing.identity.source: .known, new.identity.source: .known,
        ])
        let later = Fixture.syncDate.addingTimeInterval(3600)
        let next = world.state.updated(after: plan, createdIdentifiers: [new.identity: "50"], failed: [failing.identity], at: later)

        #expect(next.records[drifted.identity] == world.state.records[drifted.identity])
        #expect(next.records[changed.identity]?.desiredHash == Fixture.desired(vmid: 101, vmname: "b", port: "3390").fields.hash)
        #expect(next.records[changed.identity]?.lastSync == later)
        #expect(next.records[orphan.identity] == nil)
        #expect(next.records[failing.identity] == world.state.records[failing.identity])
        #expect(next.records[new.identity]?.guacIdentifier == "50")
    }

    @Test("after --pull the Guacamole values become the baseline, so the next run is ok once the notes hold them")
    func pullBaseline() {
        var world = World()
        let base = Fixture.desired()
        world.synced(base) { $0["port"] = "3391" }
        let plan = world.plan([base], options: Fixture.options(.pull))
        world.state = world.state.updated(after: plan, createdIdentifiers: [:], at: Fixture.syncDate)
        let notesAfterPull = Fixture.desired(port: "3391")
        let next = world.plan([notesAfterPull])
        #expect(next.row(for: base.identity)?.status == .ok)
        #expect(next.actions.isEmpty)
    }

    @Test("drift left unresolved is reported again on the next run")
    func driftPersists() {
        var world = World()
        let base = Fixture.desired()
        world.synced(base) { $0["port"] = "3391" }
        let plan = world.plan([base])
        world.state = world.state.updated(after: plan, createdIdentifiers: [:], at: Fixture.syncDate)
        #expect(world.plan([base]).row(for: base.identity)?.status == .guacDrift)
    }
}
