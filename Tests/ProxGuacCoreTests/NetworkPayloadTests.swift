import Testing
@testable import ProxGuacCore

/// Payloads copied from /work/shared/reference/proxmox-ve-api.md §5.5, §6.1 and §6.3.
@Suite("Network payloads: agent, LXC interfaces, guest config, neighbour ranking")
struct NetworkPayloadTests {
    static let agentAnswer = """
    {"data":{"result":[
      {"name":"lo","hardware-address":"00:00:00:00:00:00",
       "ip-addresses":[{"ip-address":"127.0.0.1","ip-address-type":"ipv4","prefix":8},
                       {"ip-address":"::1","ip-address-type":"ipv6","prefix":128}],
       "statistics":{"rx-bytes":0,"rx-packets":0,"rx-errs":0,"rx-dropped":0,
                     "tx-bytes":0,"tx-packets":0,"tx-errs":0,"tx-dropped":0}},
      {"name":"ens18","hardware-address":"bc:24:11:5e:7a:01",
       "ip-addresses":[{"ip-address":"192.0.2.10","ip-address-type":"ipv4","prefix":24},
                       {"ip-address":"fe80::be24:11ff:fe5e:7a01","ip-address-type":"ipv6","prefix":64}]}
    ]}}
    """

    static let lxcAnswer = """
    {"data":[
      {"name":"lo","hwaddr":"00:00:00:00:00:00","hardware-address":"00:00:00:00:00:00",
       "inet":"127.0.0.1/8","inet6":"::1/128",
       "ip-addresses":[{"ip-address-type":"inet","ip-address":"127.0.0.1","prefix":8},
                       {"ip-address-type":"inet6","ip-address":"::1","prefix":128}]},
      {"name":"eth0","hwaddr":"bc:24:11:aa:bb:cc","hardware-address":"bc:24:11:aa:bb:cc",
       "inet":"192.0.2.20/24","inet6":"fe80::be24:11ff:feaa:bbcc/64",
       "ip-addresses":[{"ip-address-type":"inet","ip-address":"192.0.2.20","prefix":24},
                       {"ip-address-type":"inet6","ip-address":"fe80::be24:11ff:feaa:bbcc","prefix":64}]}
    ]}
    """

    let selection = AddressSelection(allowIPv6: false)

    @Test("Agent answer: the interface with the netN MAC gives its IPv4, loopback and link-local are skipped")
    func agentPayload() throws {
        let interfaces = try AgentInterfacesPayload.parse(Array(Self.agentAnswer.utf8))
        #expect(interfaces.map(\.name) == ["lo", "ens18"])
        #expect(interfaces[1].mac == (try MACAddress("BC:24:11:5E:7A:01")))
        #expect(interfaces[1].addresses.map(\.description) == ["192.0.2.10/24", "fe80::be24:11ff:fe5e:7a01/64"])
        let mac = try MACAddress("BC:24:11:5E:7A:01")
        #expect(selection.best(from: interfaces, mac: mac) == (try IPAddress("192.0.2.10")))
        #expect(selection.best(from: interfaces, mac: nil) == (try IPAddress("192.0.2.10")))
    }

    @Test("Agent answer accepted with or without the data/result envelope")
    func agentEnvelope() throws {
        let bare = #"[{"name":"eth0","hardware-address":"02:00:5e:00:00:01","ip-addresses":[{"ip-address":"198.51.100.9","ip-address-type":"ipv4","prefix":24}]}]"#
        let withResult = #"{"result":\#(bare)}"#
        for text in [bare, withResult, #"{"data":\#(withResult)}"#] {
            #expect(try AgentInterfacesPayload.parse(Array(text.utf8)).first?.addresses.first?.description == "198.51.100.9/24")
        }
    }

    @Test("Agent interfaces without addresses or MAC are kept; a bad payload names what is wrong")
    func agentOptionalFields() throws {
        let text = #"{"data":{"result":[{"name":"eth1"},{"name":"eth2","hardware-address":"zz","ip-addresses":[{"ip-address":"nonsense","ip-address-type":"ipv4","prefix":1}]}]}}"#
        let interfaces = try AgentInterfacesPayload.parse(Array(text.utf8))
        #expect(interfaces == [GuestInterface(name: "eth1", mac: nil, addresses: []), GuestInterface(name: "eth2", mac: nil, addresses: [])])
        let error = #expect(throws: GuestPayloadError.self) { try AgentInterfacesPayload.parse(Array(#"{"data":null}"#.utf8)) }
        #expect(error?.description.hasPrefix("unexpected agent network-get-interfaces answer from Proxmox") == true)
        #expect(throws: GuestPayloadError.self) { try AgentInterfacesPayload.parse(Array("<html>".utf8)) }
        #expect(throws: GuestPayloadError.self) { try AgentInterfacesPayload.parse(Array(#"{"data":{"result":[{"hardware-address":"x"}]}}"#.utf8)) }
    }

    @Test("Prefer the interface with the netN MAC over a docker bridge; only MAC-less guests fall back")
    func macMatchBeatsOtherInterfaces() throws {
        let docker = GuestInterface(name: "docker0", mac: try MACAddress("02:42:00:00:00:01"), addresses: [PrefixedAddress(parsing: "203.0.113.1/24")!])
        let other = GuestInterface(name: "eth1", mac: try MACAddress("02:00:5e:00:00:02"), addresses: [PrefixedAddress(parsing: "203.0.113.50/24")!])
        let primary = GuestInterface(name: "eth0", mac: try MACAddress("02:00:5e:00:00:01"), addresses: [PrefixedAddress(parsing: "198.51.100.9/24")!])
        let mac = try MACAddress("02:00:5E:00:00:01")
        #expect(selection.best(from: [docker, other, primary], mac: mac) == (try IPAddress("198.51.100.9")))
        #expect(selection.best(from: [docker, other, primary], mac: nil) == (try IPAddress("203.0.113.50")), "docker0 is internal")
        let unknownMAC = try MACAddress("02:00:5e:00:00:99")
        #expect(selection.best(from: [docker, primary], mac: unknownMAC) == (try IPAddress("198.51.100.9")), "no interface has the MAC: fall back")
        let bare = GuestInterface(name: "eth0", mac: mac, addresses: [PrefixedAddress(parsing: "fe80::1/64")!])
        #expect(selection.best(from: [bare, other], mac: mac) == nil, "the MAC's interface has no usable address: do not guess another")
    }

    @Test("IPv6 only with network.ipv6, and IPv4 still wins")
    func ipv6Policy() throws {
        let v6Only = GuestInterface(name: "eth0", mac: nil, addresses: [PrefixedAddress(parsing: "fe80::1/64")!, PrefixedAddress(parsing: "2001:db8::7/64")!])
        #expect(AddressSelection(allowIPv6: false).best(from: [v6Only], mac: nil) == nil)
        #expect(AddressSelection(allowIPv6: true).best(from: [v6Only], mac: nil) == (try IPAddress("2001:db8::7")))
        let dual = GuestInterface(name: "eth0", mac: nil, addresses: [PrefixedAddress(parsing: "2001:db8::7/64")!, PrefixedAddress(parsing: "198.51.100.9/24")!])
        #expect(AddressSelection(allowIPv6: true).best(from: [dual], mac: nil) == (try IPAddress("198.51.100.9")))
    }

    @Test("LXC answer: inet/inet6 types, MAC match, lo skipped")
    func lxcPayload() throws {
        let interfaces = try #require(try LXCInterfacesPayload.parse(Array(Self.lxcAnswer.utf8)))
        #expect(interfaces.map(\.name) == ["lo", "eth0"])
        #expect(interfaces[1].addresses.map(\.description) == ["192.0.2.20/24", "fe80::be24:11ff:feaa:bbcc/64"])
        #expect(selection.best(from: interfaces, mac: try MACAddress("BC:24:11:AA:BB:CC")) == (try IPAddress("192.0.2.20")))
    }

    @Test("LXC: a stopped container answers data:null, old servers only inet/inet6")
    func lxcStoppedAndLegacy() throws {
        #expect(try LXCInterfacesPayload.parse(Array(#"{"data":null}"#.utf8)) == nil)
        let legacy = #"{"data":[{"name":"eth0","hwaddr":"bc:24:11:aa:bb:cc","inet":"192.0.2.20/24","inet6":"fe80::be24:11ff:feaa:bbcc/64"}]}"#
        let interfaces = try #require(try LXCInterfacesPayload.parse(Array(legacy.utf8)))
        #expect(interfaces[0].mac == (try MACAddress("BC:24:11:AA:BB:CC")))
        #expect(interfaces[0].addresses.map(\.description) == ["192.0.2.20/24", "fe80::be24:11ff:feaa:bbcc/64"])
    }

    @Test("QEMU netN gives the MAC (model=MAC and old macaddr=), ipconfigN the static address, dhcp is no address")
    func qemuConfig() throws {
        let config = GuestNetworkConfig(config: [
            "net0": "virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1,tag=20",
            "ipconfig0": "ip=192.0.2.10/24,gw=192.0.2.1",
            "net1": "model=e1000,macaddr=BC:24:11:5E:7A:02,bridge=vmbr1",
            "ipconfig1": "ip=dhcp,ip6=auto",
            "net2": "virtio,bridge=vmbr0",
            "ipconfig3": "ip6=2001:db8::3/64",
            "name": "web", "netmask": "ignored", "net32": "virtio=BC:24:11:00:00:20",
        ], kind: .qemu)
        #expect(config.devices.keys.sorted() == [0, 1, 2, 3])
        #expect(config.devices[0]?.mac?.description == "BC:24:11:5E:7A:01")
        #expect(config.devices[0]?.staticIPv4?.description == "192.0.2.10/24")
        #expect(config.devices[1]?.mac?.description == "BC:24:11:5E:7A:02")
        #expect(config.devices[1]?.staticIPv4 == nil)
        #expect(config.devices[2]?.mac == nil)
        #expect(config.devices[3]?.staticIPv6?.description == "2001:db8::3/64")
        #expect(config.device(withMAC: try MACAddress("bc:24:11:5e:7a:02"))?.index == 1)
        #expect(selection.best(from: try #require(config.devices[0])) == (try IPAddress("192.0.2.10")))
        #expect(selection.best(from: try #require(config.devices[3])) == nil)
        #expect(AddressSelection(allowIPv6: true).best(from: try #require(config.devices[3])) == (try IPAddress("2001:db8::3")))
    }

    @Test("LXC netN gives hwaddr and a static ip=, but not dhcp/manual")
    func lxcConfig() throws {
        let config = GuestNetworkConfig(config: [
            "net0": "name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:AA:BB:CC,ip=192.0.2.20/24,gw=192.0.2.1,type=veth",
            "net1": "name=eth1,bridge=vmbr0,hwaddr=BC:24:11:AA:BB:CD,ip=dhcp,ip6=manual,type=veth",
            "ipconfig0": "ip=198.51.100.1/24",
        ], kind: .lxc)
        #expect(config.devices[0]?.mac?.description == "BC:24:11:AA:BB:CC")
        #expect(config.devices[0]?.staticIPv4?.description == "192.0.2.20/24")
        #expect(config.devices[1]?.staticIPv4 == nil)
        #expect(config.devices[1]?.staticIPv6 == nil)
    }

    @Test("Neighbour entries: the most recently confirmed one wins; FAILED and INCOMPLETE never count")
    func neighbourRanking() throws {
        let mac = try MACAddress("02:00:5E:10:00:0A")
        let entries = [
            NeighbourEntry(address: try IPAddress("198.51.100.11"), mac: mac, device: "eth0", state: .stale, confirmedAgo: .seconds(600)),
            NeighbourEntry(address: try IPAddress("198.51.100.21"), mac: mac, device: "eth0", state: .reachable, confirmedAgo: .seconds(3)),
            NeighbourEntry(address: try IPAddress("198.51.100.5"), mac: mac, device: "eth0", state: .failed, confirmedAgo: .seconds(1)),
        ]
        #expect(selection.best(from: entries, mac: mac) == (try IPAddress("198.51.100.21")), "the moved guest's new address, not the lowest")
        #expect(selection.best(from: [entries[2]], mac: mac) == nil)
        #expect(selection.best(from: entries, mac: try MACAddress("02:00:5e:10:00:0b")) == nil)
    }

    @Test("IPv4-mapped IPv6 is IPv4; network.prefer decides between families")
    func mappedAndPreference() throws {
        let mapped = try IPAddress("::ffff:198.51.100.77")
        let ula = try IPAddress("fd00::7")
        #expect(mapped.unmapped == (try IPAddress("198.51.100.77")))
        #expect(AddressSelection(allowIPv6: true).best(of: [ula, mapped]) == (try IPAddress("198.51.100.77")))
        #expect(AddressSelection(allowIPv6: false).best(of: [ula, mapped]) == (try IPAddress("198.51.100.77")), "usable even with ipv6 off")
        #expect(AddressSelection(allowIPv6: true, preferIPv6: true).best(of: [mapped, ula]) == ula)
        #expect(AddressSelection(allowIPv6: false, preferIPv6: true).allowIPv6, "prefer ipv6 implies ipv6")
        #expect(AddressSelection(allowIPv6: true).wantedFamilies == "IPv4 or IPv6")
    }
}
