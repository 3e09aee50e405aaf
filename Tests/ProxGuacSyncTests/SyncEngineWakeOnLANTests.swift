import Testing
import ProxGuacCore
import ProxGuacLab

/// Wake-on-LAN parameters as they land in Guacamole after a sync of the default lab scenario.
@Suite("Sync engine: Wake-on-LAN parameters in the lab")
struct SyncEngineWakeOnLANTests {
    @Test("A VM's connections carry wol-* with net0's MAC and the config defaults; a container's carry none")
    func wakeOnLANParameters() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let (_, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        let managed = lab.managedConnections().values

        let desktop = try #require(lab.managedConnections()["win-desktop-admin-rdp"])
        #expect(desktop.parameters[GuacamoleParameterName.wolSendPacket] == "true")
        #expect(desktop.parameters[GuacamoleParameterName.wolMacAddress]?.uppercased() == "BC:24:11:10:01:00")
        #expect(desktop.parameters[GuacamoleParameterName.wolBroadcastAddress] == "255.255.255.255")
        #expect(desktop.parameters[GuacamoleParameterName.wolUDPPort] == "9")

        let container = managed.filter { $0.parameters[GuacamoleParameterName.marker]?.contains(":200:") == true }
        #expect(!container.isEmpty)
        for connection in container {
            #expect(!connection.parameters.keys.contains { $0.hasPrefix("wol-") }, "\(connection.name)")
        }
    }
}
