import Foundation
import ProxGuacLab
import Testing

@Suite("Scenarios")
struct ScenarioTests {
    @Test("the default scenario loads and carries the documented demo credentials")
    func defaultScenario() throws {
        let scenario = try LabScenario.defaultScenario()
        #expect(scenario.proxmox == LabDemoCredentials.proxmoxAccess)
        #expect(scenario.guacamole.users == LabDemoCredentials.guacamoleSetup.users)
        #expect(scenario.guacamole.connections == LabDemoCredentials.guacamoleSetup.connections)
        #expect(scenario.guacamole.userGroups == LabDemoCredentials.guacamoleSetup.userGroups)
        #expect(scenario.guacamole.groups.isEmpty)
        #expect(scenario.guests.contains { $0.template == true })
        #expect(scenario.guests.contains { $0.config["description"] == nil || !$0.config["description"]!.contains("user:") })
        #expect(Set(scenario.guests.map(\.type)) == [.qemu, .lxc])
    }

    @Test("scenario addresses stay inside the documentation ranges")
    func addressesAreDocumentationRanges() throws {
        for scenario in [try LabScenario.defaultScenario(), LabScenario.generated(guests: 600)] {
            let addresses = scenario.guests.flatMap { guest in
                (guest.agent?.interfaces ?? []) + (guest.lxcInterfaces ?? [])
            }.flatMap { $0.addresses ?? [] }.filter { !$0.contains(":") && !$0.hasPrefix("127.") }
            #expect(!addresses.isEmpty)
            #expect(addresses.allSatisfy { $0.hasPrefix("198.51.100.") || $0.hasPrefix("203.0.113.") })
        }
    }

    @Test("the generated scenario is deterministic, mostly running, with containers and 1-3 entries per guest")
    func generated() {
        let scenario = LabScenario.generated(guests: 1000, nodes: 4, seed: 7)
        #expect(scenario == LabScenario.generated(guests: 1000, nodes: 4, seed: 7))
        #expect(scenario.guests.count == 1000)
        #expect(Set(scenario.guests.map(\.node)) == ["pve1", "pve2", "pve3", "pve4"])
        let running = scenario.guests.filter { $0.status == "running" }.count
        #expect((600...800).contains(running))
        #expect(scenario.guests.contains { $0.type == .lxc })
        let entries = scenario.guests.map { ($0.config["description"] ?? "").components(separatedBy: "user:\"").count - 1 }
        #expect(entries.allSatisfy { (1...3).contains($0) })
    }

    @Test("a generated lab serves all its guests through /cluster/resources")
    func generatedLabServes() throws {
        let lab = try Lab.start(LabScenario.generated(guests: 50, nodes: 2))
        defer { lab.stop() }
        #expect(PVEClient(lab).get("/cluster/resources?type=vm").dataArray.count == 50)
    }

    @Test("a broken scenario file gives one line naming the file and the problem")
    func brokenScenario() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json").path
        try #"{"nodes":[{"name":"pve1","online":true}],"guests":[]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LabError.self) { try LabScenario.load(path: path) }
        do {
            _ = try LabScenario.load(path: path)
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("proxmox"))
            #expect(!error.description.contains("\n"))
        }
        #expect(throws: LabError.self) { try LabScenario.load(path: "/nonexistent/lab.json") }
    }

    @Test("a scenario with a guest on an unknown node is refused")
    func unknownNode() {
        var scenario = LabScenario.generated(guests: 2, nodes: 1)
        scenario.guests[0].node = "nowhere"
        #expect(throws: LabError.self) { try Lab.start(scenario) }
    }
}
