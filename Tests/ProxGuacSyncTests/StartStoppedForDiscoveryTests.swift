import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

@Suite("network.startStoppedForDiscovery against the lab")
struct StartStoppedForDiscoveryTests {
    /// The default scenario with VM 102 (stopped, agent enabled) stripped of its static ipconfig0,
    /// so the only way to learn its address is to start it and ask the guest agent.
    private func scenario() throws -> LabScenario {
        var scenario = try LabScenario.defaultScenario()
        let index = try #require(scenario.guests.firstIndex { $0.vmid == 102 })
        scenario.guests[index].config["ipconfig0"] = nil
        return scenario
    }

    @Test("off (the default): a stopped guest without a known address gets no connection and stays stopped")
    func offByDefault() async throws {
        let lab = try SyncLab.start(try scenario())
        defer { lab.stop() }
        let (run, _) = try await lab.sync()
        #expect(run.plan.rows.contains { $0.identity.vmid == 102 && $0.status == .noIP })
        #expect(lab.lab.guestStatus(vmid: 102) == "stopped")
    }

    @Test("on: the guest is started, its agent address is used for the connection, and it is stopped again")
    func startsAndRestores() async throws {
        let base = try SyncLab.start(try scenario())
        var config = base.config
        config.network.startStoppedForDiscovery = true
        let lab = SyncLab(lab: base.lab, config: config, directory: base.directory)
        defer { lab.stop() }
        let (_, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        let database = lab.managedConnections().values.filter { $0.parameters["proxguac-id"]?.contains(":102:") == true }
        #expect(!database.isEmpty)
        #expect(database.allSatisfy { $0.parameters["hostname"] == "198.51.100.22" })
        #expect(lab.lab.guestStatus(vmid: 102) == "stopped")
        let audit = (try? String(contentsOfFile: try lab.engine().auditLogPath, encoding: .utf8)) ?? ""
        #expect(audit.contains("\"start-for-discovery\"") && audit.contains("102"))
    }

    @Test("a plan that does not apply (list, --dry-run, the TUI's screens) never starts a guest")
    func readOnlyNeverStarts() async throws {
        let base = try SyncLab.start(try scenario())
        var config = base.config
        config.network.startStoppedForDiscovery = true
        let lab = SyncLab(lab: base.lab, config: config, directory: base.directory)
        defer { lab.stop() }
        let run = try await lab.engine().plan(resolution: .report)
        #expect(run.plan.rows.contains { $0.identity.vmid == 102 && $0.status == .noIP })
        #expect(lab.lab.requestCounts().keys.allSatisfy { !$0.contains("/status/start") })
        #expect(lab.lab.guestStatus(vmid: 102) == "stopped")
    }
}
