import Foundation
import Testing
import ProxGuacCore
import ProxGuacNet

/// `proxguac wake` and `proxguac test-network`, run as the real binary inside the emulated LAN.
@Suite("wake and test-network commands in an emulated LAN")
struct NetworkCommandsTests {
    @Test("wake <MAC> sends the magic packet on the LAN; a bad MAC or a VM id without config exits 2 with one line")
    func wake() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let listenerSide = lan.executor(in: lan.hosts[0].namespace)
            let listener = try await listenerSide.run { _ throws(NetworkIOError) in try UDPListener(port: 40009) }

            let sent = try binary.run(in: lan.scannerNamespace, ["wake", "bc-24-11-5e-7a-01", "--broadcast", "198.51.100.255", "--port", "40009"], home: home.path)
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(sent.stdout == "sent the Wake-on-LAN magic packet for BC:24:11:5E:7A:01 to 198.51.100.255:40009 via eth0\n")
            let received = try await listenerSide.run { _ in listener.receive(timeout: .seconds(5)) }
            #expect(received == MagicPacket.bytes(for: try MACAddress("BC:24:11:5E:7A:01")))

            let badMAC = try binary.run(in: lan.scannerNamespace, ["wake", "BC:24:11:5E:7A"], home: home.path)
            #expect(badMAC.status == 2)
            #expect(badMAC.stderr == "proxguac: error: \(NetworkValueError.invalidMAC("BC:24:11:5E:7A")), or a VM id such as 100\n")
            let multicast = try binary.run(in: lan.scannerNamespace, ["wake", "FF:FF:FF:FF:FF:FF"], home: home.path)
            #expect(multicast.status == 2)

            let byID = try binary.run(in: lan.scannerNamespace, ["wake", "100"], home: home.path)
            #expect(byID.status == 2)
            #expect(byID.stderr.contains("needs the Proxmox settings"))
            #expect(listener.receive(timeout: .milliseconds(200)) == nil, "the refused commands sent nothing")
        }
    }

    @Test("test-network without a config: ARP misses a silent host, the sweep finds it; --json has every step")
    func testNetworkLocalSteps() async throws {
        try await EmulatedLAN.with(answersPing: [true, false]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let silent = lan.hosts[1]
            let result = try binary.run(in: lan.scannerNamespace, [
                "test-network", silent.mac.description, "--subnet", "198.51.100.0/27", "--timeout-ms", "500", "--rate", "2000", "--json",
            ], home: home.path)
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONDocument(result.stdout)
            #expect(document.steps.map(\.step) == ["owner", "agent", "lxc-interfaces", "static-config", "arp", "sweep"])
            #expect(document.steps.map(\.outcome) == ["skipped", "skipped", "skipped", "skipped", "nothing", "found"])
            #expect(document.address == silent.address.description)
            #expect(document.source == "sweep")
            #expect(document.responders == [lan.hosts[0].address.description])

            // A MAC that is not on the LAN, and no subnets to sweep: nothing is found, exit 1.
            let absent = try MACAddress("02:50:47:00:00:99")
            let noSweep = try binary.run(in: lan.scannerNamespace, ["test-network", absent.description], home: home.path)
            #expect(noSweep.status == 1)
            #expect(noSweep.stdout.contains("sweep           skipped  network.sweepSubnets is empty (the default): no sweep"))
            #expect(noSweep.stderr == "proxguac: error: no address found for \(absent): see the steps above\n")
        }
    }

    @Test("test-network with the lab's Proxmox: names the owning VM, shows its agent failing, and the sweep finds it")
    func testNetworkWithProxmox() async throws {
        // VM 103 of the default lab scenario: agent configured but not running, no static address.
        let vm103 = try MACAddress("BC:24:11:10:01:03")
        try await EmulatedLAN.with(answersPing: [false], macs: [0: vm103]) { lan in
            let binary = try ProxGuacBinary.locate()
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let configPath = home.path + "/config.json"
            let lab = try binary.start(in: lan.scannerNamespace, ["lab", "--write-config", configPath], home: home.path)
            defer {
                lab.terminate()
                lab.waitUntilExit()
            }
            try waitForJSONFile(configPath, deadline: .seconds(60))

            let result = try binary.run(in: lan.scannerNamespace, [
                "test-network", vm103.description, "--config", configPath, "--subnet", "198.51.100.0/27", "--timeout-ms", "500", "--rate", "2000", "--json",
            ], home: home.path)
            #expect(result.status == 0, "\(result.stderr)")
            let document = try JSONDocument(result.stdout)
            #expect(document.steps.map(\.step) == ["owner", "agent", "lxc-interfaces", "static-config", "arp", "sweep"])
            #expect(document.steps.map(\.outcome) == ["found", "failed", "skipped", "nothing", "nothing", "found"])
            #expect(document.steps.first?.detail.hasPrefix("qemu 103 on pve2") == true, "\(document.steps.first?.detail ?? "")")
            #expect(document.address == lan.hosts[0].address.description)
            #expect(document.source == "sweep")
        }
    }

    /// Waits (bounded) until the lab has written its config.
    private func waitForJSONFile(_ path: String, deadline: Duration) throws {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if let data = FileManager.default.contents(atPath: path), (try? JSONSerialization.jsonObject(with: data)) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw LANSetupError(message: "the lab did not write \(path) within \(deadline)")
    }
}

/// The parts of `test-network --json` the tests look at.
private struct JSONDocument {
    struct Step {
        var step: String
        var outcome: String
        var detail: String
    }

    var steps: [Step]
    var address: String?
    var source: String?
    var responders: [String]

    init(_ text: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let steps = object["steps"] as? [[String: Any]]
        else { throw LANSetupError(message: "not a test-network document: \(text)") }
        self.steps = steps.map { Step(step: $0["step"] as? String ?? "", outcome: $0["outcome"] as? String ?? "", detail: $0["detail"] as? String ?? "") }
        let address = object["address"] as? [String: Any]
        self.address = address?["host"] as? String
        self.source = address?["source"] as? String
        self.responders = (object["sweep"] as? [String: Any])?["responders"] as? [String] ?? []
    }
}
