import Foundation
import Testing
@testable import ProxGuacCore

/// The deletion guard's decision, pure: each trigger holds every delete back, the flags lift what they
/// may lift, creates and updates still go ahead.
@Suite("Deletion guard")
struct DeletionGuardTests {
    /// `count` synced guests, of which the first `gone` are no longer in the notes (orphans), plus one new entry.
    static func plan(guests count: Int, gone: Int) -> Plan {
        var world = World()
        var desired: [DesiredConnection] = []
        for index in 0..<count {
            let connection = Fixture.desired(vmid: 100 + index, vmname: "g\(index)")
            world.synced(connection)
            if index >= gone { desired.append(connection) }
        }
        desired.append(Fixture.desired(vmid: 900, vmname: "new"))
        let availability = Dictionary(uniqueKeysWithValues: (0..<count).map { (ConnectionSource.proxmox(vmid: 100 + $0), GuestAvailability.known) }
            + [(ConnectionSource.proxmox(vmid: 900), .known)])
        return world.plan(desired, availability: availability)
    }

    @Test("a plan within every limit is unchanged")
    func plausiblePlanPasses() {
        let plan = Self.plan(guests: 20, gone: 2)
        let guarded = DeletionGuard.apply(to: plan, .init(selectedGuests: 19, recordedScope: ["/vms"], currentScope: ["/vms"]))
        #expect(guarded == plan)
        #expect(guarded.deletionGuard == nil)
    }

    @Test("no guest selected: every delete held back, creates kept; --allow-mass-delete lifts it")
    func emptySelection() {
        let plan = Self.plan(guests: 3, gone: 3)
        let guarded = DeletionGuard.apply(to: plan, .init(selectedGuests: 0, recordedScope: nil, currentScope: ["/vms"]))
        #expect(guarded.deletionGuard?.reason == .emptySelection)
        #expect(guarded.actions.allSatisfy { !$0.isDelete })
        #expect(guarded.actions(in: .createConnections).count == 1)
        #expect(guarded.rows.filter { $0.status == .orphan }.allSatisfy { $0.stateUpdate == .keep })
        #expect(guarded.renderText().contains("Held back by the deletion guard (\(plan.actions.filter(\.isDelete).count))"))
        #expect(guarded.notices.last?.contains("--allow-mass-delete") == true)
        let allowed = DeletionGuard.apply(to: plan, .init(selectedGuests: 0, recordedScope: nil, currentScope: nil, allowMassDelete: true))
        #expect(allowed == plan)
    }

    @Test("the token's VM.Audit scope shrank (or is unreadable): held even with --allow-mass-delete; --accept-scope-change lifts it")
    func shrunkenScope() {
        let plan = Self.plan(guests: 10, gone: 1)
        let lost = DeletionGuard.apply(to: plan, .init(selectedGuests: 9, recordedScope: ["/vms"], currentScope: ["/pool/lab"],
                                                       allowMassDelete: true))
        #expect(lost.deletionGuard?.reason == .scopeShrank(lost: ["/vms"]))
        #expect(lost.actions.allSatisfy { !$0.isDelete })
        let unreadable = DeletionGuard.apply(to: plan, .init(selectedGuests: 9, recordedScope: ["/vms"], currentScope: nil))
        #expect(unreadable.deletionGuard?.reason == .scopeUnreadable)
        let grown = DeletionGuard.apply(to: plan, .init(selectedGuests: 9, recordedScope: ["/pool/lab"], currentScope: ["/pool/lab", "/vms"]))
        #expect(grown == plan)
        let accepted = DeletionGuard.apply(to: plan, .init(selectedGuests: 9, recordedScope: ["/vms"], currentScope: [],
                                                           acceptScopeChange: true))
        #expect(accepted == plan)
    }

    @Test("more deletes than sync.maxDeletes (default: 10 or 20% of the managed connections) are held back")
    func tooMany() {
        #expect(DeletionGuard.defaultLimit(managed: 20) == 10)
        #expect(DeletionGuard.defaultLimit(managed: 200) == 40)
        let eleven = Self.plan(guests: 20, gone: 11)
        let held = DeletionGuard.apply(to: eleven, .init(selectedGuests: 9, recordedScope: nil, currentScope: nil))
        #expect(held.deletionGuard?.reason == .tooMany(deletes: 11, limit: 10))
        let ten = Self.plan(guests: 20, gone: 10)
        #expect(DeletionGuard.apply(to: ten, .init(selectedGuests: 10, recordedScope: nil, currentScope: nil)).deletionGuard == nil)
        #expect(DeletionGuard.apply(to: ten, .init(selectedGuests: 10, recordedScope: nil, currentScope: nil, maxDeletes: 2))
            .deletionGuard?.reason == .tooMany(deletes: 10, limit: 2))
        #expect(DeletionGuard.apply(to: eleven, .init(selectedGuests: 9, recordedScope: nil, currentScope: nil, allowMassDelete: true))
            .deletionGuard == nil)
    }

    @Test("the scope counts /, /vms and pools holding VM.Audit, never per-guest paths")
    func auditScope() {
        let scope = DeletionGuard.auditScope(["/": ["Sys.Audit"], "/vms": ["VM.Audit"], "/vms/100": ["VM.Audit"],
                                              "/pool/lab": ["VM.Audit", "Pool.Audit"], "/nodes": ["Sys.Audit"]])
        #expect(scope == ["/vms", "/pool/lab"])
    }

    @Test("exit precedence: 1 > 5 > 3 > 6 > 0")
    func exitPrecedence() {
        #expect(ExitStatus.mostSerious([]) == 0)
        #expect(ExitStatus.mostSerious([0, 3, 5]) == 5)
        #expect(ExitStatus.mostSerious([6, 3]) == 3)
        #expect(ExitStatus.mostSerious([6, 0]) == 6)
        #expect(ExitStatus.mostSerious([5, 1, 3]) == 1)
    }

    @Test("the state file keeps its server record (binding, scope, owned groups) and reads files without one")
    func stateServerRoundTrip() throws {
        var state = SyncState()
        state.server = SyncStateServer(guacamoleURL: "https://guac.example.org/guacamole", dataSource: "postgresql",
                                       rootGroup: "Proxmox", auditScope: ["/vms", "/pool/lab"], groups: ["12", "3"])
        let bytes = state.stateFileBytes()
        #expect(try SyncState(stateFileBytes: bytes) == state)
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
        #expect(try SyncState(stateFileBytes: SyncState.empty.stateFileBytes()).server == nil)
        var empty = SyncState()
        empty.server = SyncStateServer(guacamoleURL: "https://guac.example.org/guacamole", dataSource: "mysql",
                                       rootGroup: "Remote \"desks\"", auditScope: [], groups: [])
        #expect(try SyncState(stateFileBytes: empty.stateFileBytes()) == empty)
        let other = SyncStateServer(guacamoleURL: "https://other.example.org/guacamole/", dataSource: "postgresql", rootGroup: "Proxmox")
        #expect(!state.server!.binds(other))
        #expect(state.server!.binds(SyncStateServer(guacamoleURL: "https://GUAC.example.org/guacamole/", dataSource: "postgresql",
                                                    rootGroup: "Proxmox")))
    }
}
