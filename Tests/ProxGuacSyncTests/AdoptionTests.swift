import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

@Suite("proxguac adopt against the lab")
struct AdoptionTests {
    /// The default scenario plus what Proxmox-Guacamole-Sync left behind: `dba@db01-ssh` at ROOT with the
    /// same host and port as the notes' entry, and a same-named connection to another host (must not match).
    private func scenario() throws -> LabScenario {
        var scenario = try LabScenario.defaultScenario()
        scenario.guacamole.connections.append(.init(
            name: "dba@db01-ssh", protocol: "ssh",
            parameters: ["hostname": "198.51.100.22", "port": "2222", "username": "dba", "password": "old"]))
        scenario.guacamole.connections.append(.init(
            name: "root@dns01-ssh", protocol: "ssh",
            parameters: ["hostname": "203.0.113.99", "port": "22", "username": "root"]))
        return scenario
    }

    @Test("a matching legacy connection is adopted, not duplicated; a name-only look-alike is left alone")
    func adoptThenSync() async throws {
        let lab = try SyncLab.start(try scenario())
        defer { lab.stop() }
        let legacy = try #require(lab.lab.guacamoleConnections().first { $0.name == "dba@db01-ssh" })
        let lookAlike = try #require(lab.lab.guacamoleConnections().first { $0.name == "root@dns01-ssh" })

        let dry = try await Adoption(engine: lab.engine()).matches()
        #expect(dry.result.matches.map(\.connection.identifier) == [legacy.identifier])
        #expect(lab.lab.guacamoleConnections().first { $0.identifier == legacy.identifier }?.parentIdentifier == "ROOT")

        let outcome = try await Adoption(engine: lab.engine()).adopt()
        #expect(outcome.adopted.count == 1 && outcome.failures.isEmpty)
        let audit = try String(contentsOfFile: try lab.engine().auditLogPath, encoding: .utf8)
        #expect(audit.contains(#""action":"adopt""#) && audit.contains("#\(legacy.identifier) dba@db01-ssh"))
        #expect(!audit.contains("old"), "no password in the audit log")

        try await lab.sync()
        let dba = lab.lab.guacamoleConnections().filter { $0.parameters["proxguac-id"] == "v1:pve:102:ssh:dba" }
        #expect(dba.map(\.identifier) == [legacy.identifier], "adopted, not created again")
        #expect(lab.managedConnections()["dba@db01-ssh"]?.identifier == legacy.identifier)
        let untouched = try #require(lab.lab.guacamoleConnections().first { $0.identifier == lookAlike.identifier })
        #expect(untouched.parentIdentifier == "ROOT" && untouched.parameters == lookAlike.parameters)
        let second = try await lab.engine().plan(resolution: .report)
        #expect(second.plan.isEmpty, "\(second.plan.renderText())")
    }
}
