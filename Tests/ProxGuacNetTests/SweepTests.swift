import Testing
import ProxGuacCore
@testable import ProxGuacNet

/// Sweeps inside an emulated LAN of network namespaces (see `EmulatedLAN`); nothing leaves them.
/// Only the main test sweeps the whole /24; the others sweep the /27 holding the scanner and the hosts,
/// because tests run in parallel and every unanswered address occupies a slot in the kernel's
/// neighbour table, which all namespaces share (1024 entries by default).
@Suite("ICMP sweep in an emulated LAN")
struct SweepTests {
    static func options(_ specs: [String], timeoutMs: Int = 1000, rate: Int = 2000, allowLarge: Bool = false) throws -> NetworkSettings {
        NetworkSettings(
            sweepSubnets: try specs.map { try SweepTarget($0) },
            sweepRate: rate, sweepTimeoutMs: timeoutMs, allowLargeSweep: allowLarge
        )
    }

    @Test("A /24 sweep finds exactly the hosts that answer ping, in about one timeout")
    func findsLiveHosts() async throws {
        try await EmulatedLAN.with(answersPing: [true, false, true, false, true]) { lan in
            let report = try await lan.scanner.sweep(try Self.options(["198.51.100.0/24"]))
            let live = lan.hosts.filter(\.answersPing).map(\.address)
            #expect(report.outcome.responders == live)
            #expect(report.outcome.probesSent == 253, "every host address except the scanner's own")
            #expect(report.outcome.socketKind == .raw)
            print("sweep of 198.51.100.0/24 (253 probes, rate 2000/s, timeout 1000 ms): \(SweepSummary.seconds(report.duration))")
            #expect(report.duration < .seconds(3), "one reply window, not one timeout per host")
        }
    }

    @Test("auto sweeps the on-link subnet of the scanner's interface")
    func autoSubnet() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let plan = try await lan.scanner.sweepPlan(try Self.options(["auto"]))
            #expect(plan.subnets == [EmulatedLAN.subnet])
            let report = try await lan.scanner.sweep(try Self.options(["auto"], timeoutMs: 300))
            #expect(report.outcome.responders == [lan.hosts[0].address])
        }
    }

    @Test("The empty default and a /21 without --allow-large refuse before sending anything")
    func refusals() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let empty = await lan.scanner.sweepResult(NetworkSettings())
            #expect(empty == .failure(.refused(.nothingConfigured)))
            var routedLarge = NetworkSettings()
            routedLarge.sweepSubnets = [.routed(try IPv4Subnet("198.51.96.0/21"))]
            let large = await lan.scanner.sweepResult(routedLarge)
            guard case .failure(.refused(.tooLarge(let subnet, _))) = large else {
                Issue.record("a /21 must be refused, got \(large)")
                return
            }
            #expect(subnet.description == "198.51.96.0/21")
            let offLink = await lan.scanner.sweepResult(try Self.options(["203.0.113.0/24"]))
            #expect(offLink == .failure(.refused(.notOnLink(try IPv4Subnet("203.0.113.0/24")))))
            #expect(try await lan.scanner.neighbours().isEmpty, "no probe, so no ARP either")
        }
    }

    @Test("Item 6: loopback, multicast, broadcast and 0.0.0.0/0 are refused even with --allow-large, and nothing goes on the wire")
    func nonsenseTargetsRefused() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            for text in ["224.0.0.0/24", "127.0.0.0/8", "255.255.255.255/32", "0.0.0.0/0"] {
                var settings = try Self.options([text], allowLarge: true)
                settings.maxProbes = 10_000
                let result = await lan.scanner.sweepResult(settings)
                #expect(result == .failure(.refused(.notUnicast(try IPv4Subnet(text)))), "\(text)")
            }
            let sent = capture.drain(from: EmulatedLAN.scannerMAC)
            #expect(sent == PacketCapture.Sent(), "not one probe: \(sent)")
        }
    }

    @Test("Unprivileged ping sockets: a clear message saying what to grant, and they sweep once allowed")
    func datagramSockets() async throws {
        try await EmulatedLAN.with(answersPing: [true, false]) { lan in
            // A fresh namespace has net.ipv4.ping_group_range = "1 0": nobody may open ping sockets.
            let denied = await lan.scanner.sweepResult(try Self.options(["198.51.100.0/24"]), socketKind: .datagram)
            guard case .failure(.io(let error)) = denied, case .icmpNotPermitted = error else {
                Issue.record("expected icmpNotPermitted, got \(denied)")
                return
            }
            #expect(error.description.contains("CAP_NET_RAW"))
            #expect(error.description.contains("net.ipv4.ping_group_range"))

            try lan.setSysctl("net/ipv4/ping_group_range", to: "0 0", in: lan.scannerNamespace)
            let report = try await lan.scanner.sweep(try Self.options(["198.51.100.0/27"], timeoutMs: 500), socketKind: .datagram)
            #expect(report.outcome.socketKind == .datagram)
            #expect(report.outcome.responders == [lan.hosts[0].address])
        }
    }

    @Test("Cancelling a sweep stops it with a cancelled error")
    func cancellation() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let scanner = lan.scanner
            let options = try Self.options(["198.51.100.0/24"], timeoutMs: 30_000, rate: 10)
            let sweep = Task { await scanner.sweepResult(options) }
            sweep.cancel()
            #expect(await sweep.value == .failure(.io(.cancelled)))
        }
    }
}
