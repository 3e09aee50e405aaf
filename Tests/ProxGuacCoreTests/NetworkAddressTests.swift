import Testing
@testable import ProxGuacCore

@Suite("Network values: MAC, IPv4, IPv6, CIDR")
struct NetworkAddressTests {
    @Test("MACs parse in colon, hyphen and bare form, any case, and print as Proxmox does", arguments: [
        "BC:24:11:5E:7A:01", "bc:24:11:5e:7a:01", "bc-24-11-5e-7a-01", "bc24115e7a01", "  BC:24:11:5e:7A:01\n",
    ])
    func macForms(_ text: String) throws {
        let mac = try MACAddress(text)
        #expect(mac.description == "BC:24:11:5E:7A:01")
        #expect(mac.lowercased == "bc:24:11:5e:7a:01")
        #expect(mac == (try MACAddress("BC:24:11:5E:7A:01")))
    }

    @Test("Malformed MACs are rejected with a message naming the value and the expected form", arguments: [
        "", "BC:24:11:5E:7A", "BC:24:11:5E:7A:01:02", "BC:24:11:5E:7A:0G", "BC:24-11:5E:7A:01", "BC::24:11:5E:7A:01", "B:C24:11:5E:7A:01",
    ])
    func macRejected(_ text: String) {
        #expect(throws: NetworkValueError.invalidMAC(text)) { try MACAddress(text) }
        #expect(NetworkValueError.invalidMAC(text).description.contains("BC:24:11:5E:7A:01"))
    }

    @Test("Wake targets must be unicast MACs")
    func unicastOnly() throws {
        #expect(throws: NetworkValueError.notUnicastMAC("FF:FF:FF:FF:FF:FF")) { try MACAddress.unicast("FF:FF:FF:FF:FF:FF") }
        #expect(throws: NetworkValueError.notUnicastMAC("01:00:5E:00:00:01")) { try MACAddress.unicast("01:00:5E:00:00:01") }
        #expect(throws: NetworkValueError.notUnicastMAC("00:00:00:00:00:00")) { try MACAddress.unicast("00:00:00:00:00:00") }
        #expect(try MACAddress.unicast("02:00:5e:10:00:01").description == "02:00:5E:10:00:01")
    }

    @Test("IPv4 is a strict dotted quad", arguments: [
        ("198.51.100.7", true), ("0.0.0.0", true), ("255.255.255.255", true),
        ("256.1.1.1", false), ("1.2.3", false), ("1.2.3.4.5", false), ("01.2.3.4", false), ("1.2.3.-4", false), ("1..3.4", false), ("a.b.c.d", false),
    ])
    func ipv4Strict(_ text: String, valid: Bool) {
        let parsed = try? IPv4Address(text)
        #expect((parsed != nil) == valid)
        if valid { #expect(parsed?.description == text) }
    }

    @Test("IPv6 parses every textual form and prints the RFC 5952 form", arguments: [
        ("2001:DB8:0:0:0:0:0:7", "2001:db8::7"),
        ("2001:db8::", "2001:db8::"),
        ("::1", "::1"),
        ("::", "::"),
        ("fe80::be24:11ff:fe5e:7a01%eth0", "fe80::be24:11ff:fe5e:7a01"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8::1:0:0:1", "2001:db8::1:0:0:1"),
        ("::ffff:198.51.100.7", "::ffff:c633:6407"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
    ])
    func ipv6Forms(_ text: String, canonical: String) throws {
        #expect(try IPv6Address(text).description == canonical)
    }

    @Test("Malformed IPv6 is rejected", arguments: [
        "2001:db8::1::2", "2001:db8:::1", "12345::", "2001:db8:1:2:3:4:5:6:7", "2001:db8:1:2:3:4:5", "g::1", "1.2.3.4::", ":1", "1:", "fe80::1%", "+1::", "-1::",
    ])
    func ipv6Rejected(_ text: String) {
        #expect(throws: NetworkValueError.invalidIPv6(text)) { try IPv6Address(text) }
    }

    @Test("Address classes that never reach a guest from outside")
    func addressClasses() throws {
        for unusable in ["127.0.0.1", "169.254.10.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "::", "ff02::1"] {
            #expect(try !IPAddress(unusable).isUsableForGuests, "\(unusable)")
        }
        for usable in ["198.51.100.7", "203.0.113.1", "2001:db8::7"] {
            #expect(try IPAddress(usable).isUsableForGuests, "\(usable)")
        }
    }

    @Test("CIDR parsing clears host bits and lists the host addresses")
    func cidr() throws {
        let subnet = try IPv4Subnet("198.51.100.77/24")
        #expect(subnet.description == "198.51.100.0/24")
        #expect(subnet.hostCount == 254)
        #expect(subnet.hosts.first == (try IPv4Address("198.51.100.1")).value)
        #expect(subnet.hosts.last == (try IPv4Address("198.51.100.254")).value)
        #expect(subnet.broadcast.description == "198.51.100.255")
        #expect(subnet.netmask.description == "255.255.255.0")
        #expect(subnet.contains(try IPv4Address("198.51.100.200")))
        #expect(!subnet.contains(try IPv4Address("198.51.101.1")))
        #expect(try IPv4Subnet("203.0.113.5/32").hostCount == 1)
        #expect(try IPv4Subnet("203.0.113.4/31").hostCount == 2)
        #expect(try IPv4Subnet("198.51.100.0/22").hostCount == 1022)
        #expect(try IPv4Subnet("0.0.0.0/0").hostCount == 4_294_967_294)
    }

    @Test("Malformed CIDRs are rejected naming the expected form", arguments: [
        "198.51.100.0", "198.51.100.0/33", "198.51.100.0/", "/24", "198.51.100/24", "198.51.100.0/2a", "198.51.100.0/24/1",
    ])
    func cidrRejected(_ text: String) {
        #expect(throws: NetworkValueError.invalidCIDR(text)) { try IPv4Subnet(text) }
        #expect(NetworkValueError.invalidCIDR(text).description.contains("198.51.100.0/24"))
    }

    @Test("The magic packet is 6 × 0xFF then the MAC 16 times")
    func magicPacket() throws {
        let mac = try MACAddress("02:00:5E:10:00:01")
        let packet = MagicPacket.bytes(for: mac)
        #expect(packet.count == 102)
        #expect(packet.prefix(6).allSatisfy { $0 == 0xFF })
        for copy in 0..<16 {
            #expect(Array(packet[(6 + copy * 6)..<(12 + copy * 6)]) == [0x02, 0x00, 0x5E, 0x10, 0x00, 0x01])
        }
    }

    @Test("ICMP echo requests carry a valid checksum and replies are read back from raw and datagram sockets")
    func icmpEcho() {
        let request = ICMPEcho.request(identifier: 0xBEEF, sequence: 7, payload: Array("proxguac".utf8))
        #expect(request[0] == 8)
        #expect(ICMPEcho.internetChecksum(request) == 0, "a packet including its checksum sums to zero")
        // RFC 1071 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2, checksum 0x220d.
        #expect(ICMPEcho.internetChecksum([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]) == 0x220D)

        var reply = request
        reply[0] = 0
        let parsed = ICMPEcho.reply(from: reply, includesIPHeader: false)
        #expect(parsed?.identifier == 0xBEEF)
        #expect(parsed?.sequence == 7)
        #expect(parsed?.payload == Array("proxguac".utf8))
        let ipHeader: [UInt8] = [0x45] + [UInt8](repeating: 0, count: 19)
        #expect(ICMPEcho.reply(from: ipHeader + reply, includesIPHeader: true)?.sequence == 7)
        #expect(ICMPEcho.reply(from: request, includesIPHeader: false) == nil, "an echo request is not a reply")
        #expect(ICMPEcho.reply(from: Array(reply.prefix(5)), includesIPHeader: false) == nil, "truncated")
    }
}
