import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// The engine on a bigger generated cluster (lab on 127.0.0.1).
@Suite("Sync engine on a generated cluster")
struct SyncEngineScaleTests {
    @Test("Never more than proxmox.maxConcurrentPerNode calls per node; a second run plans nothing")
    func perNodeLimit() async throws {
        var options = LabOptions()
        options.latency = .milliseconds(2)
        let lab = try SyncLab.start(LabScenario.generated(guests: 120, nodes: 3), options: options, maxPerNode: 2)
        defer { lab.stop() }
        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .createConnections).count > 50)
        #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
        let peaks = lab.lab.peakConcurrentRequestsPerNode()
        #expect(!peaks.isEmpty)
        #expect(peaks.values.allSatisfy { $0 <= 2 }, "\(peaks)")

        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.actions.prefix(3))")
    }
}
