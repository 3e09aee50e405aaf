import Foundation
import Glibc
import Testing
import ProxGuacLab

/// Acceptance (issue 13, item 7): a guest started for discovery is stopped again when the run is
/// interrupted (SIGTERM, SIGINT), and the start is in the audit log. The real binary against the lab.
@Suite("Discovery start interrupted")
struct DiscoveryInterruptTests {
    /// VM 102 (stopped) without a static address and with an agent that never answers: once started,
    /// the run keeps polling for its address, so the signal lands while it is running.
    static func scenario() throws -> LabScenario {
        var scenario = try LabScenario.defaultScenario()
        let index = try #require(scenario.guests.firstIndex { $0.vmid == 102 })
        scenario.guests[index].config["ipconfig0"] = nil
        scenario.guests[index].agent?.running = false
        return scenario
    }

    @Test("SIGTERM or SIGINT while a guest is started for discovery: it is stopped again before the process exits",
          arguments: [SIGTERM, SIGINT])
    func signalStopsTheGuest(_ signal: Int32) async throws {
        let lab = try BinaryLab.start(try Self.scenario())
        defer { lab.stop() }
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: lab.config))) as? [String: Any] ?? [:]
        object["network"] = ["startStoppedForDiscovery": true]
        _ = try lab.directory.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))

        let running = try RunningBinary(["auto", "--config", lab.config], in: lab.directory.path)
        let delivery = try await running.signal(signal) { lab.lab.guestStatus(vmid: 102) == "running" }
        #expect(delivery == .sent, "the guest was never started for discovery, or the run ended first")
        let result = try await running.finish()
        // Ends by the same signal (as without a handler), so a shell or systemd sees what happened.
        #expect(running.process.terminationReason == .uncaughtSignal && result.status == signal, "\(result.stderr)")
        #expect(result.stderr.contains("stopped again"))
        #expect(lab.lab.guestStatus(vmid: 102) == "stopped")
        let audit = (try? String(contentsOfFile: lab.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
        #expect(audit.contains("\"start-for-discovery\"") && audit.contains("102"))
    }
}
