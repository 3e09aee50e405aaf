import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// What the engine does when parts of the world fail, against the lab on 127.0.0.1.
@Suite("Sync engine failures and --pull against the lab")
struct SyncEngineFailureTests {
    @Test("A node going offline keeps its guests' connections (unknown-node), nothing is deleted")
    func nodeOffline() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let before = lab.managedConnections()
        lab.lab.setFaults(LabFaults(offlineNodes: ["pve1"]))

        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .deleteConnections).isEmpty)
        #expect(run.plan.rows.contains { $0.status == .unknownNode })
        #expect(report.failures.isEmpty)
        #expect(lab.managedConnections().keys.sorted() == before.keys.sorted())
    }

    @Test("When the batch PATCH fails, each create is sent alone: one failure is reported, the rest is applied, the next run creates it")
    func partialFailure() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        lab.lab.setFaults(LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "PATCH", path: "*/connections", kind: .httpStatus(500), limit: 1),
            // A refusal (400), not a 5xx: a create that fails with a 5xx is checked for and retried.
            LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .httpStatus(400), limit: 1),
        ]))
        let (run, report) = try await lab.sync()
        let creates = run.plan.actions(in: .createConnections).count
        #expect(report.failures.count == 1)
        #expect(lab.managedConnections().count == creates - 1)

        lab.lab.setFaults(LabFaults())
        let (retry, retried) = try await lab.sync()
        #expect(retry.plan.actions(in: .createConnections).count == 1)
        #expect(retried.failures.isEmpty)
        #expect(lab.managedConnections().count == creates)
    }

    @Test("--pull writes a port changed in Guacamole into the notes, retrying after a concurrent notes edit")
    func pullIntoNotes() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let web = try #require(lab.managedConnections()["web01/ssh"])
        var edited = web.parameters
        edited["port"] = "2202"
        lab.lab.editConnection(identifier: web.identifier, parameters: edited)
        let engine = try lab.engine()
        let run = try await engine.plan(resolution: .pull)
        // The first config read while applying changes the notes, so the first write meets a stale digest.
        lab.lab.setFaults(LabFaults(digestRaceVMIDs: [101]))
        let report = await engine.apply(run)
        #expect(run.plan.actions(in: .pullIntoNotes).count == 1)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let notes = try #require(lab.lab.notes(vmid: 101))
        #expect(notes.contains("2202"))

        let after = try await lab.engine().plan(resolution: .report)
        #expect(after.plan.isEmpty, "\(after.plan.renderText())")
        lab.assertUnmanagedUntouched(after: "--pull")
    }

    @Test("Cancelling stops between batches: what ran stays, the rest is planned again next time")
    func cancelled() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let engine = try lab.engine()
        let run = try await engine.plan(resolution: .report)
        let report = await Task {
            await engine.apply(run) { _, _ in
                withUnsafeCurrentTask { $0?.cancel() }  // Ctrl-C right after the first action
            }
        }.value
        #expect(report.wasCancelled)
        #expect(!report.isComplete)
        #expect(report.applied.count < run.plan.actions.count)
        #expect(lab.managedConnections().isEmpty)

        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.actions(in: .createConnections).count == run.plan.actions(in: .createConnections).count)
    }

    @Test("A connection that vanishes between the listing and its parameters (404) counts as gone, not as a failed run")
    func connectionVanishes() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        lab.lab.setFaults(LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "GET", path: "*/connections/*/parameters", kind: .httpStatus(404), limit: 1),
        ]))
        let run = try await lab.engine().plan(resolution: .report)
        #expect(run.plan.rows.filter { $0.status == .missing }.count == 1)
    }
}
