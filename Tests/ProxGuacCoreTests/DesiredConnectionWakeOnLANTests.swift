import Testing
import ProxGuacCore

/// Wake-on-LAN parameters the desired-connection builder puts on a guest's connections (pure).
@Suite("Desired connections: Wake-on-LAN parameters")
struct DesiredConnectionWakeOnLANTests {
    private static let mac = "BC:24:11:10:01:00"

    private func parameters(notes: String, kind: GuestFacts.Kind = .qemu, macs: [Int: String] = [0: mac],
                            settings: DesiredConnectionSettings = DesiredConnectionSettings()) throws -> ConnectionParameters {
        let guest = GuestFacts(vmid: 100, name: "win-desktop", node: "pve1", kind: kind, status: "stopped",
                               macAddresses: macs, address: "198.51.100.10")
        let result = DesiredConnectionBuilder(settings: settings)
            .build(guest: guest, notes: NotesParser.parse(notes)) { _ in Secret("unused") }
        #expect(result.problems.isEmpty, "\(result.problems)")
        return try #require(result.desired.first).parameters
    }

    private static let wakeOnLANNames = [
        GuacamoleParameterName.wolSendPacket, GuacamoleParameterName.wolMacAddress,
        GuacamoleParameterName.wolBroadcastAddress, GuacamoleParameterName.wolUDPPort, GuacamoleParameterName.wolWaitTime,
    ]

    @Test("a VM with a MAC gets wol-send-packet and net0's MAC, broadcast and port from the config, no wait time")
    func defaults() throws {
        let settings = DesiredConnectionSettings(wakeOnLANBroadcast: "198.51.100.255", wakeOnLANPort: 7)
        let parameters = try parameters(notes: #"user:"admin" pass:"x" protos:"rdp";"#,
                                        macs: [1: "BC:24:11:FF:FF:01", 0: Self.mac], settings: settings)
        #expect(parameters[GuacamoleParameterName.wolSendPacket] == "true")
        #expect(parameters[GuacamoleParameterName.wolMacAddress] == Self.mac)
        #expect(parameters[GuacamoleParameterName.wolBroadcastAddress] == "198.51.100.255")
        #expect(parameters[GuacamoleParameterName.wolUDPPort] == "7")
        #expect(parameters[GuacamoleParameterName.wolWaitTime] == nil)
    }

    @Test("wol_settings override the config's broadcast and port and add the wait time")
    func fromNotes() throws {
        let parameters = try parameters(
            notes: #"user:"admin" pass:"x" protos:"ssh" wol_settings:"broadcast-addr=203.0.113.255,udp-port=4000,wait-time=30";"#)
        #expect(parameters[GuacamoleParameterName.wolSendPacket] == "true")
        #expect(parameters[GuacamoleParameterName.wolBroadcastAddress] == "203.0.113.255")
        #expect(parameters[GuacamoleParameterName.wolUDPPort] == "4000")
        #expect(parameters[GuacamoleParameterName.wolWaitTime] == "30")
    }

    @Test("wol_disabled, a guest without a MAC and an LXC container get no Wake-on-LAN parameters")
    func none() throws {
        let disabled = try parameters(notes: #"user:"admin" pass:"x" protos:"rdp" wol_disabled:"true";"#)
        let noMAC = try parameters(notes: #"user:"admin" pass:"x" protos:"rdp";"#, macs: [:])
        let container = try parameters(
            notes: #"user:"root" pass:"x" protos:"ssh" wol_settings:"wait-time=30";"#, kind: .lxc)
        for parameters in [disabled, noMAC, container] {
            #expect(Self.wakeOnLANNames.allSatisfy { parameters[$0] == nil }, "\(parameters.sortedNames)")
            #expect(parameters[GuacamoleParameterName.hostname] == "198.51.100.10")
        }
    }
}
