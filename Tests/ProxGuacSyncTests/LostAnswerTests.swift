import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// Writes whose answers are lost (the lab applies the request, then resets the connection): the engine
/// neither doubles nor reports as failed what actually happened.
@Suite("Sync engine with lost answers")
struct LostAnswerTests {
    private func markers(_ lab: SyncLab) -> [String: Int] {
        var counts: [String: Int] = [:]
        for connection in lab.lab.guacamoleConnections() {
            if let marker = connection.parameters[IdentityMarker.parameterName] { counts[marker, default: 0] += 1 }
        }
        return counts
    }

    @Test("a batch PATCH and some creates whose answers are lost: every connection once, no failure, nothing left to do",
          arguments: ["1.6.0", "1.5.5"])
    func lostWrites(guacamoleVersion: String) async throws {
        var options = LabOptions()
        options.guacamoleVersion = guacamoleVersion
        let lab = try SyncLab.start(options: options)
        defer { lab.stop() }
        lab.lab.setFaults(LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "PATCH", path: "*/connections", kind: .resetAfterApplying, limit: 1),
            LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .resetAfterApplying, rate: 0.5, limit: 3),
            LabFaultRule(server: .guacamole, method: "POST", path: "*/connectionGroups", kind: .resetAfterApplying, limit: 1),
        ]))
        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .createConnections).count > 3)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let counts = markers(lab)
        #expect(counts.count == run.plan.actions(in: .createConnections).count)
        #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value > 1 })")

        lab.lab.setFaults(LabFaults())
        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.isEmpty, "\(next.plan.actions.prefix(3))")
    }
}
