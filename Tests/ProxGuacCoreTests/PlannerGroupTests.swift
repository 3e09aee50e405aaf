import Testing
@testable import ProxGuacCore

@Suite("Planner groups and ownership")
struct PlannerGroupTests {
    private let web = Fixture.desired()

    @Test("a new guest gets the root group, then its group, then its connection, in separate batches")
    func createsGroupsInDependencyOrder() {
        let plan = World().plan([web])
        let root = GroupPath(["Proxmox"])
        let guest = root.appending("web01 (100)")
        #expect(plan.batches.map { $0.map(\.operation) } == [
            [.createGroup(path: root, parent: .existing(identifier: guacamoleRootIdentifier))],
            [.createGroup(path: guest, parent: .planned(root))],
            [.createConnection(identity: web.identity, fields: web.fields, path: guest, parent: .planned(guest))],
        ])
    }

    @Test("sync.grant gives READ on every created group and connection")
    func grantsOnCreatedObjects() {
        let plan = World().plan([web], options: Fixture.options(grantUsers: ["alice"], grantGroups: ["lab-users"]))
        let targets = plan.actions(in: .grants).map(\.operation)
        #expect(Set(targets) == [
            .grantRead(target: .group(.planned(GroupPath(["Proxmox"]))), users: ["alice"], userGroups: ["lab-users"]),
            .grantRead(target: .group(.planned(GroupPath(["Proxmox", "web01 (100)"]))), users: ["alice"], userGroups: ["lab-users"]),
            .grantRead(target: .connection(.planned(web.identity)), users: ["alice"], userGroups: ["lab-users"]),
        ])
        #expect(targets.count == 3)
        var world = World()
        world.synced(web)
        #expect(world.plan([web], options: Fixture.options(grantUsers: ["alice"])).actions.isEmpty,
                "existing objects get no grants")
    }

    @Test("a renamed VM renames its group instead of recreating it")
    func renamedGuestRenamesGroup() throws {
        var world = World()
        let old = world.synced(web)
        let renamed = Fixture.desired(vmname: "web02")
        let plan = world.plan([renamed])
        #expect(plan.actions(in: .moveGroups).map(\.operation) == [
            .moveGroup(identifier: old.parentIdentifier, from: GroupPath(["Proxmox", "web01 (100)"]),
                       to: GroupPath(["Proxmox", "web02 (100)"]), newParent: .existing(identifier: world.root())),
        ])
        #expect(plan.actions(in: .createGroups).isEmpty)
        #expect(plan.actions(in: .deleteGroups).isEmpty)
        let update = try #require(plan.actions(in: .updateConnections).first?.operation)
        #expect(update == .updateConnection(identifier: old.identifier, identity: web.identity, fields: renamed.fields,
                                            path: GroupPath(["Proxmox", "web02 (100)"]),
                                            parent: .existing(identifier: old.parentIdentifier), changedFields: ["name"]))
    }

    @Test("a group template that nests guests deeper creates the new parent and moves the guest group under it")
    func deeperTemplateMovesGroup() {
        var world = World()
        let old = world.synced(web)
        let nested = Fixture.desired(groupNames: ["pve1", "web01 (100)"])
        let plan = world.plan([nested])
        #expect(plan.operations == [
            .createGroup(path: GroupPath(["Proxmox", "pve1"]), parent: .existing(identifier: world.root())),
            .moveGroup(identifier: old.parentIdentifier, from: GroupPath(["Proxmox", "web01 (100)"]),
                       to: GroupPath(["Proxmox", "pve1", "web01 (100)"]), newParent: .planned(GroupPath(["Proxmox", "pve1"]))),
        ])
        #expect(plan.row(for: web.identity)?.status == .ok)
    }

    @Test("turning off one group per guest moves connections into the root group and deletes the empty guest group")
    func flatteningDeletesEmptyGroup() {
        var world = World()
        let old = world.synced(web)
        let flat = Fixture.desired(groupNames: [])
        let plan = world.plan([flat])
        #expect(plan.operations == [
            .updateConnection(identifier: old.identifier, identity: web.identity, fields: flat.fields, path: GroupPath(["Proxmox"]),
                              parent: .existing(identifier: world.root()), changedFields: ["group"]),
            .deleteGroup(identifier: old.parentIdentifier, path: GroupPath(["Proxmox", "web01 (100)"])),
        ])
        #expect(plan.row(for: web.identity)?.status == .pveChanged)
    }

    @Test("a group still wanted by another guest is not renamed: a new group is created and the connection moves")
    func sharedGroupIsNotRenamed() {
        var world = World()
        let shared = ["lab"]
        let a = Fixture.desired(vmid: 100, vmname: "a", groupNames: shared)
        let b = Fixture.desired(vmid: 101, vmname: "b", groupNames: shared)
        world.synced(a)
        let moving = world.synced(b)
        let bElsewhere = Fixture.desired(vmid: 101, vmname: "b", groupNames: ["prod"])
        let plan = world.plan([a, bElsewhere])
        #expect(plan.operations == [
            .createGroup(path: GroupPath(["Proxmox", "prod"]), parent: .existing(identifier: world.root())),
            .updateConnection(identifier: moving.identifier, identity: b.identity, fields: bElsewhere.fields,
                              path: GroupPath(["Proxmox", "prod"]), parent: .planned(GroupPath(["Proxmox", "prod"])),
                              changedFields: ["group"]),
        ])
    }

    @Test("only the topmost of nested empty owned groups is deleted, and the root group is kept")
    func nestedEmptyGroups() {
        var world = World()
        let root = world.root()
        let outer = world.group("old", in: root)
        let inner = world.group("inner", in: outer)
        world.state.server = SyncStateServer(guacamoleURL: "https://guac.example.org/guacamole", dataSource: "postgresql",
                                             rootGroup: "Proxmox", groups: [root, outer, inner])
        let plan = world.plan([])
        #expect(plan.operations == [.deleteGroup(identifier: outer, path: GroupPath(["Proxmox", "old"]))])
        #expect(plan.actions.first?.reason.contains("1 empty subgroup") == true)
    }

    @Test("groups proxguac did not make (empty, or recorded nowhere) are never deleted or renamed")
    func handMadeGroupsAreKept() {
        var world = World()
        let root = world.root()
        let handMade = world.group("balancing", in: root)
        world.group("empty", in: root)
        let a = Fixture.desired(vmid: 100, vmname: "a", groupNames: ["balancing"])
        let moving = world.synced(a, in: handMade)
        let renamed = Fixture.desired(vmid: 100, vmname: "a", groupNames: ["elsewhere"])
        // Legacy state (no server record): neither group holds only marked connections... the empty one holds none.
        let withoutRecord = world.plan([])
        #expect(withoutRecord.touchedGroups.isDisjoint(with: [world.groups.first { $0.name == "empty" }!.identifier]))
        world.state.server = SyncStateServer(guacamoleURL: "https://guac.example.org/guacamole", dataSource: "postgresql",
                                             rootGroup: "Proxmox", groups: [root])
        let plan = world.plan([renamed])
        #expect(plan.actions(in: .deleteGroups).isEmpty)
        #expect(plan.actions(in: .moveGroups).isEmpty)
        #expect(plan.touchedConnections == [moving.identifier])
        #expect(plan.actions(in: .createGroups).count == 1)
    }

    @Test("without a record, a group holding only hand copies of managed connections is not recognised as proxguac's")
    func legacyGroupOfHandCopiesIsNotOwned() {
        var world = World()
        let root = world.root()
        let web = Fixture.desired(vmid: 100, vmname: "web01")
        let webGroup = world.guestGroup(of: web)
        world.synced(web)
        // A balancing group made by hand holding a clone of web01's connection (the clone keeps the marker).
        let balancing = world.group("web01 pool", in: root)
        world.synced(web, record: false, in: balancing)
        let tree = GroupTree(groups: world.groups, rootName: "Proxmox")
        let managed = ManagedConnections(observed: world.observed, tree: tree, state: world.state)
        let owned = GroupOwnership.owned(tree: tree, observed: world.observed, managedConnections: managed.identifiers,
                                         recorded: nil)
        #expect(owned == [webGroup], "only the group of the managed connection is proxguac's")
        #expect(!world.plan([web]).touchedGroups.contains(balancing))
    }

    @Test("nothing outside the root group is ever in an action, markers and look-alike names included")
    func outsideRootIsNeverTouched() {
        var world = World()
        let other = world.group("Other")
        let fakeRoot = world.group("Proxmox", in: other)
        let emptyOutside = world.group("empty")
        var stray = web.parameters
        stray["port"] = "1"
        let atRoot = world.connection(web.name, in: guacamoleRootIdentifier, parameters: stray)
        let inFake = world.connection("x", in: fakeRoot, parameters: web.parameters)
        let orphanMarker = Fixture.desired(vmid: 999)
        let inOther = world.connection(orphanMarker.name, in: other, parameters: orphanMarker.parameters)
        let plan = world.plan([web], availability: [web.identity.source: .known, orphanMarker.identity.source: .known])

        #expect(plan.touchedConnections.isDisjoint(with: [atRoot.identifier, inFake.identifier, inOther.identifier]))
        #expect(plan.touchedGroups.isDisjoint(with: [other, fakeRoot, emptyOutside]))
        #expect(plan.row(for: orphanMarker.identity) == nil)
        #expect(plan.notices.isEmpty == false && plan.notices.allSatisfy { $0.contains("left untouched") })
        #expect(plan.row(for: web.identity)?.status == .missing)
        #expect(plan.actions(in: .createGroups).first?.operation
            == .createGroup(path: GroupPath(["Proxmox"]), parent: .existing(identifier: guacamoleRootIdentifier)))
    }

    @Test("applying a mixed plan converges: the next plan has no actions and every row is ok")
    func applyConverges() {
        var world = World()
        let keep = Fixture.desired(vmid: 100, vmname: "keep")
        let change = Fixture.desired(vmid: 101, vmname: "change")
        let gone = Fixture.desired(vmid: 102, vmname: "gone")
        world.synced(keep)
        world.synced(change)
        world.synced(gone)
        world.synced(keep, record: false, in: world.root())
        let desired = [keep, Fixture.desired(vmid: 101, vmname: "renamed", port: "3390"), Fixture.desired(vmid: 103, vmname: "new"),
                       Fixture.desired(vmid: 103, user: "root", proto: "ssh", vmname: "new")]
        let first = world.plan(desired)
        #expect(!first.actions.isEmpty)
        world.applyAndRecord(first)
        let second = world.plan(desired)
        #expect(second.actions.isEmpty, "left over: \(second.actions)")
        // The copy of `keep` made by hand in the root group stays, reported.
        #expect(second.rows.allSatisfy { $0.status == .ok || $0.statuses == [.duplicate, .ok] })
        #expect(world.groups.map(\.name).sorted() == ["Proxmox", "keep (100)", "new (103)", "renamed (101)"])
    }
}
