import Testing
@testable import ProxGuacCore

@Suite("Planner at scale")
struct PlannerScaleTests {
    @Test("3,000 connections: every status lands where it should and applying converges")
    func threeThousandConnections() {
        // 1,000 guests × 3 protocols. Guests 1000-1019 changed in Proxmox, 1020-1039 drifted in Guacamole,
        // 1040-1059 lost their connections, 1060-1079 left the notes, 1080-1099 are on an offline node.
        let protocols = [("admin", "rdp"), ("viewer", "vnc"), ("root", "ssh")]
        var world = World()
        var desired: [DesiredConnection] = []
        var availability: [ConnectionSource: GuestAvailability] = [:]
        for vmid in 1000..<2000 {
            let source = ConnectionSource.proxmox(vmid: vmid)
            availability[source] = (1080..<1100).contains(vmid) ? .nodeOffline(node: "pve3") : .known
            for (user, proto) in protocols {
                let original = Fixture.desired(vmid: vmid, user: user, proto: proto, vmname: "vm\(vmid)",
                                               host: "198.51.100.\(vmid % 250 + 1)")
                switch vmid {
                case 1020..<1040: world.synced(original) { $0["password"] = "changed" }
                case 1040..<1060: world.synced(original); world.observed.removeLast()
                default: world.synced(original)
                }
                switch vmid {
                case 1000..<1020: desired.append(Fixture.desired(vmid: vmid, user: user, proto: proto, vmname: "vm\(vmid)",
                                                                  host: "203.0.113.\(vmid % 250 + 1)"))
                case 1060..<1100: break
                default: desired.append(original)
                }
            }
        }
        #expect(world.observed.count == 2940)

        let plan = world.plan(desired, availability: availability)
        #expect(plan.rows.count == 3000)
        #expect(plan.statusCounts == [.ok: 2700, .pveChanged: 60, .guacDrift: 60, .missing: 60, .orphan: 60, .unknownNode: 60])
        #expect(plan.actions(in: .updateConnections).count == 60)
        #expect(plan.actions(in: .createConnections).count == 60)
        #expect(plan.actions(in: .deleteConnections).count == 60)
        #expect(plan.actions(in: .deleteGroups).count == 20)
        #expect(plan.actions(in: .createGroups).isEmpty)

        world.applyAndRecord(plan)
        let next = world.plan(desired, availability: availability)
        #expect(next.actions.isEmpty)
        #expect(next.statusCounts == [.ok: 2820, .guacDrift: 60, .unknownNode: 60])
    }
}
