import Testing
@testable import ProxGuacCore

@Suite("Adopting Proxmox-Guacamole-Sync connections")
struct PlannerAdoptionTests {
    private let wanted = Fixture.desired(name: "web01-admin-rdp")

    /// Parameters as Proxmox-Guacamole-Sync wrote them: same address, no marker.
    private func legacyParameters(host: String = "198.51.100.10", port: String = "3389") -> ConnectionParameters {
        ["hostname": host, "port": port, "username": "admin", "password": "old"]
    }

    private func match(_ world: World, _ desired: [DesiredConnection]? = nil) -> AdoptionMatcher.Result {
        AdoptionMatcher.match(desired: desired ?? [wanted], observed: world.observed, groups: world.groups, state: world.state,
                              rootGroup: "Proxmox")
    }

    @Test("matches the tool's default name at ROOT by name, host, port and protocol")
    func legacyNameAtRoot() throws {
        var world = World()
        let old = world.connection("admin@web01-rdp", in: guacamoleRootIdentifier, parameters: legacyParameters())
        let result = match(world)
        #expect(result.matches.map(\.connection) == [old])
        #expect(result.matches.first?.desired.identity == wanted.identity)
        #expect(result.matches.first?.currentPath == .guacamoleRoot)
    }

    @Test("matches the confName-rendered name in a group named after the VM")
    func confNameInVMGroup() {
        var world = World()
        let group = world.group("web01")
        let old = world.connection("web01-admin-rdp", in: group, parameters: legacyParameters())
        #expect(match(world).matches.map(\.connection) == [old])
        #expect(match(world).matches.first?.currentPath == GroupPath(["web01"]))
    }

    @Test("a name alone is not enough", arguments: [
        ("198.51.100.99", "3389", "rdp", "another host"),
        ("198.51.100.10", "3390", "rdp", "another port"),
        ("198.51.100.10", "3389", "vnc", "another protocol"),
    ])
    func nameAloneIsNotEnough(host: String, port: String, proto: String, _ why: String) {
        var world = World()
        world.connection("admin@web01-rdp", in: guacamoleRootIdentifier, protocolName: proto,
                         parameters: legacyParameters(host: host, port: port))
        #expect(match(world).matches.isEmpty, "matched despite \(why)")
    }

    @Test("a look-alike in an unrelated group is not adopted")
    func unrelatedGroup() {
        var world = World()
        world.connection("admin@web01-rdp", in: world.group("Customers"), parameters: legacyParameters())
        #expect(match(world).matches.isEmpty)
    }

    @Test("identities that already have a managed connection are not offered")
    func alreadyManaged() {
        var world = World()
        world.synced(wanted)
        world.connection("admin@web01-rdp", in: guacamoleRootIdentifier, parameters: legacyParameters())
        #expect(match(world).matches.isEmpty)
    }

    @Test("an unmarked connection under the root group is offered too")
    func unidentifiedInsideRoot() {
        var world = World()
        let old = world.connection("admin@web01-rdp", in: world.root(), parameters: legacyParameters())
        #expect(match(world).matches.map(\.connection) == [old])
    }

    @Test("several equal candidates: the lowest identifier is taken and the others are reported; each is adopted once")
    func ambiguity() {
        var world = World()
        let first = world.connection("admin@web01-rdp", in: guacamoleRootIdentifier, parameters: legacyParameters())
        world.connection("web01-admin-rdp", in: guacamoleRootIdentifier, parameters: legacyParameters())
        let result = match(world)
        #expect(result.matches.map(\.connection) == [first])
        #expect(result.notices.count == 1)
        #expect(result.notices.first?.contains("pve:100:rdp:admin") == true)
    }

    @Test("after adoption (moved into the guest group with its marker) the first sync neither duplicates nor deletes")
    func firstSyncAfterAdoption() throws {
        var world = World()
        world.connection("admin@web01-rdp", in: guacamoleRootIdentifier, parameters: legacyParameters())
        let adopted = try #require(match(world).matches.first)
        // What `proxguac adopt` does: move under the root group, add the marker.
        var parameters = adopted.connection.parameters
        parameters[IdentityMarker.parameterName] = IdentityMarker.encode(adopted.desired.identity)
        world.observed = [ObservedConnection(identifier: adopted.connection.identifier, name: adopted.connection.name,
                                             parentIdentifier: world.guestGroup(of: wanted), protocolName: "rdp", parameters: parameters)]
        let plan = world.plan([wanted])
        #expect(plan.row(for: wanted.identity)?.status == .pveChanged)
        #expect(plan.actions.map(\.phase) == [.updateConnections])
        #expect(plan.touchedConnections == [adopted.connection.identifier])
    }
}
