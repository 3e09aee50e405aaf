import Foundation
import Testing
import ProxGuacCore
import ProxGuacNet

/// `wake` and the sweep memo through the real binary, against the lab, inside the emulated LAN.
@Suite("wake knows what it wakes; only applying runs remember a sweep")
struct WakeAndSweepMemoCommandTests {
    @Test("Item 7: wake by VM id: running says so, container and template refused, stopped gets a note or --start via the API (audited)")
    func wakeByVMID() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let listenerSide = lan.executor(in: lan.hosts[0].namespace)
            let listener = try await listenerSide.run { _ throws(NetworkIOError) in try UDPListener(port: 40010) }
            let lab = try LabInLAN(binary: binary, lan: lan, home: home.path, network: ["wol": ["broadcast": "198.51.100.255", "port": 40010]])
            defer { lab.stop() }
            func wake(_ arguments: String...) throws -> Shell.Output {
                try binary.run(in: lan.scannerNamespace, ["wake"] + arguments + ["--config", lab.configPath], home: home.path)
            }

            let running = try wake("100")
            #expect(running.status == 0, "\(running.stderr)")
            #expect(running.stdout.hasSuffix("is already running: no packet sent\n"), "\(running.stdout)")
            let container = try wake("200")
            #expect(container.status == 2)
            #expect(container.stderr.contains("lxc 200") && container.stderr.contains("is a container"), "\(container.stderr)")
            let template = try wake("9000")
            #expect(template.status == 2)
            #expect(template.stderr.contains("is a template"), "\(template.stderr)")
            #expect(listener.receive(timeout: .milliseconds(200)) == nil, "none of these sent a packet")

            let stopped = try wake("102")
            #expect(stopped.status == 0, "\(stopped.stderr)")
            #expect(stopped.stdout.contains("sent the Wake-on-LAN magic packet for BC:24:11:10:01:02") && stopped.stdout.hasSuffix("to 198.51.100.255:40010 via eth0\n"), "\(stopped.stdout)")
            #expect(stopped.stderr.contains("is stopped: Proxmox does not power on a VM for a magic packet") && stopped.stderr.contains("--start"), "\(stopped.stderr)")
            let received = try await listenerSide.run { _ in listener.receive(timeout: .seconds(5)) }
            #expect(received == MagicPacket.bytes(for: try MACAddress("BC:24:11:10:01:02")))
            #expect(lab.auditLines.isEmpty, "sending a packet changes nothing in Proxmox")

            let started = try wake("102", "--start")
            #expect(started.status == 0, "\(started.stderr)")
            #expect(started.stdout.contains("started qemu 102 on pve2") && started.stdout.contains("through the Proxmox API"), "\(started.stdout)")
            let audit = lab.auditLines
            #expect(audit.count == 1 && audit[0].contains("\"action\":\"start\"") && audit[0].contains("qemu 102 on pve2") && audit[0].contains("\"result\":\"ok\""), "\(audit)")
            let again = try wake("102")
            #expect(again.stdout.hasSuffix("is already running: no packet sent\n"), "Proxmox now reports it running: \(again.stdout)")
        }
    }

    @Test("Item 6: WoL only to 255.255.255.255 or an on-link broadcast, and \"sent\" only when it left an interface")
    func wakeDestinations() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let listenerSide = lan.executor(in: lan.hosts[0].namespace)
            let listener = try await listenerSide.run { _ throws(NetworkIOError) in try UDPListener(port: 40011) }
            let mac = "BC:24:11:5E:7A:01"
            for destination in ["0.0.0.0", "127.0.0.1", "224.0.0.1", "203.0.113.255", "198.51.100.77"] {
                let refused = try binary.run(in: lan.scannerNamespace, ["wake", mac, "--broadcast", destination, "--port", "40011"], home: home.path)
                #expect(refused.status == 2, "\(destination): \(refused.stdout)")
                #expect(refused.stdout.isEmpty, "never \"sent\" for \(destination)")
                #expect(refused.stderr.hasPrefix("proxguac: error: refusing to send the Wake-on-LAN packet to \(destination)") && refused.stderr.contains("198.51.100.255 (eth0)"), "\(refused.stderr)")
            }
            // No default route: 255.255.255.255 would leave by no interface.
            let noRoute = try binary.run(in: lan.scannerNamespace, ["wake", mac, "--port", "40011"], home: home.path)
            #expect(noRoute.status == 1 && noRoute.stdout.isEmpty, "\(noRoute.stdout)")
            #expect(listener.receive(timeout: .milliseconds(200)) == nil, "nothing left the scanner")

            try Shell.ip("-n", lan.scannerNamespace, "route", "add", "default", "dev", "eth0")
            let limited = try binary.run(in: lan.scannerNamespace, ["wake", mac, "--port", "40011"], home: home.path)
            #expect(limited.status == 0, "\(limited.stderr)")
            #expect(limited.stdout == "sent the Wake-on-LAN magic packet for \(mac) to 255.255.255.255:40011 via eth0\n")
            let received = try await listenerSide.run { _ in listener.receive(timeout: .seconds(5)) }
            #expect(received == MagicPacket.bytes(for: try MACAddress(mac)))
        }
    }

    @Test("Item 5: list sweeps but writes nothing; auto remembers the sweep; the next auto within sweepInterval does not sweep")
    func sweepMemoByApplyingRunsOnly() async throws {
        // VM 103 of the lab: running, agent configured but not running, DHCP: only the sweep finds it.
        let vm103 = try MACAddress("BC:24:11:10:01:03")
        try await EmulatedLAN.with(answersPing: [false], macs: [0: vm103]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let lab = try LabInLAN(binary: binary, lan: lan, home: home.path,
                                   network: ["sweepSubnets": ["198.51.100.0/27"], "sweepTimeoutMs": 300, "sweepRate": 2000])
            defer { lab.stop() }
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            func run(_ arguments: String...) throws -> Shell.Output {
                try binary.run(in: lan.scannerNamespace, arguments + ["--config", lab.configPath], home: home.path)
            }

            let list = try run("list")
            #expect(list.status == 0, "\(list.stderr)")
            #expect(!capture.drain(from: EmulatedLAN.scannerMAC).arpRequests.isEmpty, "list swept (read-only towards Proxmox and Guacamole, not towards the LAN)")
            #expect(lab.state?["sweep"] == nil, "read-only commands write no state")

            let auto = try run("auto")
            #expect([0, 3].contains(auto.status), "\(auto.stderr)")
            let memo = try #require(lab.state?["sweep"] as? [String: Any], "auto remembers its sweep")
            #expect((memo["addresses"] as? [String: String])?[vm103.description] == lan.hosts[0].address.description)
            #expect(memo["subnets"] as? [String] == ["198.51.100.0/27"])
            let time = memo["time"] as? String
            // The kernel keeps retrying ARP for the absent addresses for a few seconds; let it finish first.
            try CurrentAddressTests.waitUntilNeighbourFailed(IPv4Address(198, 51, 100, 30), in: lan.scannerNamespace)
            _ = capture.drain(from: EmulatedLAN.scannerMAC)
            // An empty table: only the memo (or a new sweep) can place VM 103 now.
            try Shell.ip("-n", lan.scannerNamespace, "neigh", "flush", "dev", "eth0")

            let next = try run("auto")
            #expect([0, 3].contains(next.status), "\(next.stderr)")
            let sent = capture.drain(from: EmulatedLAN.scannerMAC)
            #expect(sent.echoRequests.count <= 1 && Set(sent.arpRequests).count <= 1, "at most a re-probe of the remembered address, no sweep of 29: \(sent)")
            #expect((lab.state?["sweep"] as? [String: Any])?["time"] as? String == time, "the reused memo keeps its time")
        }
    }
}
