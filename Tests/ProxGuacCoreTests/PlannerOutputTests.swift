import Foundation
import Testing
@testable import ProxGuacCore

@Suite("Plan text and JSON")
struct PlannerOutputTests {
    /// A plan with every kind of action, built from worlds holding known passwords.
    private func busyPlan(_ resolution: DriftResolution) -> Plan {
        var world = World()
        world.synced(Fixture.desired(vmid: 100)) { $0["password"] = "guac-side-secret" }
        world.synced(Fixture.desired(vmid: 101, vmname: "b"))
        world.synced(Fixture.desired(vmid: 102, vmname: "c"))
        let desired = [
            Fixture.desired(vmid: 100),
            Fixture.desired(vmid: 101, vmname: "b", password: "notes-side-secret"),
            Fixture.desired(vmid: 103, vmname: "new", password: "brand-new-secret"),
        ]
        let availability = Dictionary(uniqueKeysWithValues: (100...103).map { (ConnectionSource.proxmox(vmid: $0), GuestAvailability.known) })
        return world.plan(desired, availability: availability, options: Fixture.options(resolution, grantUsers: ["alice"]))
    }

    private let secrets = ["guac-side-secret", "notes-side-secret", "brand-new-secret", Fixture.password]

    @Test("no password appears in the text or JSON of a plan", arguments: DriftResolution.allCases)
    func noSecrets(_ resolution: DriftResolution) {
        let plan = busyPlan(resolution)
        let outputs = [plan.renderText(), plan.jsonText(), StatusListDocument(rows: plan.rows).jsonText(),
                       "\(plan.actions)", "\(plan.rows)"]
        for output in outputs {
            for secret in secrets { #expect(!output.contains(secret), "\(secret) leaked") }
        }
        #expect(plan.jsonText().contains("\"password\""), "field names are shown")
    }

    @Test("the text groups actions by kind, one line each with its reason")
    func text() {
        let text = busyPlan(.pull).renderText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Plan for \"Proxmox\": ") == true)
        for heading in ["Create groups (1):", "Delete connections (1):", "Create connections (1):", "Update connections (1):",
                        "Grant READ (2):", "Delete groups (1):", "Write into the notes (--pull) (1):"] {
            #expect(lines.contains(heading), "missing \(heading)")
        }
        #expect(lines.contains { $0.contains("~ Proxmox/b (101)/admin@b-rdp [pve:101:rdp:admin] (password) — changed in Proxmox") })
        #expect(lines.contains { $0.hasPrefix("  < pve:100:rdp:admin (password) — changed in Guacamole") })
    }

    @Test("rows needing attention are listed when no action covers them")
    func attention() {
        let text = busyPlan(.report).renderText()
        #expect(text.contains("Needs attention, no change (1):"))
        #expect(text.contains("! guac-drift Proxmox/web01 (100)/admin@web01-rdp [pve:100:rdp:admin]"))
    }

    @Test("the JSON document decodes, has schemaVersion 1, and numbers batches in execution order")
    func json() throws {
        let plan = busyPlan(.push)
        let document = try JSONDecoder().decode(PlanDocument.self, from: Data(plan.jsonText().utf8))
        #expect(document == plan.document)
        #expect(document.schemaVersion == 1)
        #expect(document.kind == "plan")
        #expect(document.resolution == "push")
        #expect(document.summary.changes)
        #expect(document.actions.map(\.batch) == document.actions.map(\.batch).sorted())
        #expect(document.actions.map(\.op).first == "create-group")
        let create = try #require(document.actions.first { $0.op == "create-connection" })
        #expect(create.identity == "pve:103:rdp:admin")
        #expect(create.fields == ["hostname", "password", "port", IdentityMarker.parameterName, "username"])
        #expect(create.parent == PlanDocument.Parent(identifier: nil, plannedPath: ["Proxmox", "new (103)"]))
        let row = try #require(document.rows.first { $0.identity == "pve:101:rdp:admin" })
        #expect(row.status == "pve-changed")
        #expect(row.vmid == 101 && row.source == "pve" && row.username == "admin" && row.protocol == "rdp")
        #expect(row.changedFields == ["password"])
    }

    @Test("an empty plan says so")
    func emptyPlan() {
        var world = World()
        world.synced(Fixture.desired())
        let plan = world.plan([Fixture.desired()])
        #expect(plan.isEmpty)
        #expect(plan.renderText() == "Plan for \"Proxmox\": no changes; connections: 1 ok\n")
        #expect(!plan.document.summary.changes)
    }

    @Test("list rows have their own stable JSON document")
    func listDocument() throws {
        let document = StatusListDocument(rows: busyPlan(.report).rows)
        let decoded = try JSONDecoder().decode(StatusListDocument.self, from: Data(document.jsonText().utf8))
        #expect(decoded.kind == "list" && decoded.schemaVersion == 1)
        #expect(decoded.rows.map(\.identity) == ["pve:100:rdp:admin", "pve:101:rdp:admin", "pve:102:rdp:admin", "pve:103:rdp:admin"])
        #expect(decoded.rows.map(\.status) == ["guac-drift", "pve-changed", "orphan", "missing"])
    }
}
