import Foundation
import Glibc
import ProxGuacLab
import Testing

/// Issue 19: every command that logs in to Guacamole logs out on SIGTERM, then ends by the signal
/// (not only `auto` and `list`, see StoppedRunTests).
@Suite("SIGTERM logs out delete and adopt", .serialized)
struct TerminationLogoutCommandTests {
    @Test("SIGTERM while the command reads: the Guacamole session is logged out, the process ends by SIGTERM",
          arguments: [["delete", "--connection", "999999", "--dry-run"], ["adopt", "--dry-run"]])
    func sigtermLogsOut(arguments: [String]) async throws {
        let lab = try StoppedRunTests.slowLab()
        defer { lab.stop() }
        let running = try RunningBinary(arguments + ["--config", lab.config], in: lab.directory.path)
        let loggedIn = try await waitUntil(deadline: .seconds(60)) {
            lab.lab.guacamoleOpenSessions() >= 1 || !running.process.isRunning
        }
        if !running.process.isRunning {
            let ended = try await running.finish()
            Issue.record("\(arguments[0]) ended (status \(ended.status)) before the signal: \(ended.stderr)")
            return
        }
        try #require(loggedIn, "\(arguments[0]) never logged in")
        running.kill(SIGTERM)
        let ended = try await running.finish()
        #expect(running.process.terminationReason == .uncaughtSignal, "\(ended.stderr)")
        #expect(running.process.terminationStatus == SIGTERM)
        #expect(lab.lab.guacamoleOpenSessions() == 0, "the admin token was left open")
        #expect(!ended.stderr.contains("error"), "\(ended.stderr)")
    }
}
