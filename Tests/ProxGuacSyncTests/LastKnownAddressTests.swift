import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// A guest with no address now keeps the hostname of its existing connection, and every other change in
/// its notes is still pushed (issue #15): the stopped guests Wake-on-LAN exists for.
@Suite("Last known address against the lab")
struct LastKnownAddressTests {
    @Test("a stopped guest that lost its address still gets its port change, on its old hostname")
    func stoppedGuestKeepsItsHostname() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        _ = try await lab.sync()
        let before = try #require(lab.managedConnections()["dba@db01-ssh"])
        #expect(before.parameters["hostname"] == "198.51.100.22" && before.parameters["port"] == "2222")

        // VM 102 (stopped) loses its static address, and its notes move SSH to another port.
        lab.lab.setConfig(vmid: 102, key: "ipconfig0", nil)
        lab.lab.setNotes(vmid: 102, "PostgreSQL 16 primary.\nuser:\"dba\" pass:\"pg-secret\" protos:\"ssh\" ssh_port:\"2223\";")
        let (run, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        let identity = ConnectionIdentity.proxmox(vmid: 102, protocolName: "ssh", username: "dba")
        #expect(run.lastKnownAddresses[identity] == "198.51.100.22")
        #expect(run.plan.rows.first { $0.identity == identity }?.status != .noIP)

        let after = try #require(lab.managedConnections()["dba@db01-ssh"])
        #expect(after.identifier == before.identifier)
        #expect(after.parameters["port"] == "2223", "the notes' change is pushed")
        #expect(after.parameters["hostname"] == "198.51.100.22", "the last known address is kept")

        // The next run has nothing left to do.
        let second = try await lab.engine().plan(resolution: .report)
        #expect(second.plan.isEmpty, "\(second.plan.renderText())")
    }
}
