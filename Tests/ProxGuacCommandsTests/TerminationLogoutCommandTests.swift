import Foundation
import Glibc
import ProxGuacLab
import Testing

/// Issue 19: every command that logs in to Guacamole logs out on SIGTERM, then ends by the signal
/// (not only `auto` and `list`, see StoppedRunTests).
@Suite("SIGTERM logs out delete and adopt", .serialized)
struct TerminationLogoutCommandTests {
    @Test("SIGTERM while the command waits for Proxmox: the Guacamole session is logged out, the process ends by SIGTERM",
          arguments: [["delete", "--connection", "999999", "--dry-run"], ["adopt", "--dry-run"]])
    func sigtermLogsOut(arguments: [String]) async throws {
        var options = LabOptions()
        // Proxmox never answers the guest list: the command logs in to Guacamole (read in parallel) and then
        // waits, so the signal lands while the session is open however late this test's polling runs. (Every
        // Proxmox path hanging could hold the requests the Guacamole read waits behind until the timeout.)
        options.faults.rules = [LabFaultRule(server: .proxmox, path: "/api2/json/cluster/resources*", kind: .hang)]
        let lab = try BinaryLab.start(StoppedRunTests.scenario, options: options)
        defer { lab.stop() }
        let running = try RunningBinary(arguments + ["--config", lab.config], in: lab.directory.path)
        let delivery = try await running.signal(SIGTERM) { lab.lab.guacamoleOpenSessions() >= 1 }
        if delivery == .endedFirst {
            let ended = try await running.finish()
            Issue.record("\(arguments[0]) ended (status \(ended.status)) before the signal: \(ended.stderr)")
            return
        }
        try #require(delivery == .sent, "\(arguments[0]) never logged in")
        let ended = try await running.finish()
        #expect(running.process.terminationReason == .uncaughtSignal, "\(ended.stderr)")
        #expect(running.process.terminationStatus == SIGTERM)
        #expect(lab.lab.guacamoleOpenSessions() == 0, "the admin token was left open")
        #expect(!ended.stderr.contains("error"), "\(ended.stderr)")
    }
}
