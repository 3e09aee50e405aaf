import Foundation
import Testing
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacLab
import ProxGuacSync

/// Conflicts, duplicates and deleted connections made in the lab, end to end; after every run the
/// hand-made ROOT connection must be exactly as it was.
@Suite("Sync engine drift against the lab")
struct SyncEngineDriftTests {
    private static let webIdentity = ConnectionIdentity.proxmox(vmid: 101, protocolName: "ssh", username: "deploy")

    /// Synced lab where web01's SSH port was changed both in the notes (2223) and in Guacamole (2202).
    private func conflicted() async throws -> (SyncLab, LabGuacConnection) {
        let lab = try SyncLab.start()
        try await lab.sync()
        let web = try #require(lab.managedConnections()["web01/ssh"])
        var edited = web.parameters
        edited["port"] = "2202"
        lab.lab.editConnection(identifier: web.identifier, parameters: edited)
        let notes = try #require(lab.lab.notes(vmid: 101))
        #expect(notes.contains(#"protos:"ssh";"#))
        lab.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"protos:"ssh";"#, with: #"protos:"ssh" ssh_port:"2223";"#))
        return (lab, web)
    }

    private func row(_ run: SyncRun) throws -> SyncStatusRow {
        try #require(run.plan.rows.first { $0.identity == Self.webIdentity })
    }

    @Test("A field changed in the notes and in Guacamole is a conflict that auto reports and leaves alone, run after run")
    func conflictIsNeverResolvedSilently() async throws {
        let (lab, web) = try await conflicted()
        defer { lab.stop() }
        let notes = lab.lab.notes(vmid: 101)

        for attempt in 1...2 {
            let (run, report) = try await lab.sync()
            let row = try row(run)
            #expect(row.status == .conflict, "run \(attempt): \(row)")
            #expect(row.changedFields.contains("port"))
            #expect(!run.plan.actions.contains { $0.identity == Self.webIdentity })
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(lab.lab.guacamoleConnections().first { $0.identifier == web.identifier }?.parameters["port"] == "2202")
            #expect(lab.lab.notes(vmid: 101) == notes)
            lab.assertUnmanagedUntouched(after: "auto with a conflict (run \(attempt))")
        }
    }

    @Test("--push resolves a conflict with the notes' value; the next run plans nothing")
    func conflictPushed() async throws {
        let (lab, web) = try await conflicted()
        defer { lab.stop() }

        let (run, report) = try await lab.sync(.push)
        #expect(try row(run).status == .conflict)
        #expect(run.plan.actions(in: .updateConnections).count == 1)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(lab.lab.guacamoleConnections().first { $0.identifier == web.identifier }?.parameters["port"] == "2223")
        lab.assertUnmanagedUntouched(after: "--push of a conflict")

        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.isEmpty, "\(next.plan.renderText())")
    }

    @Test("--pull resolves a conflict with Guacamole's value written into the notes; the next run plans nothing")
    func conflictPulled() async throws {
        let (lab, web) = try await conflicted()
        defer { lab.stop() }

        let (run, report) = try await lab.sync(.pull)
        #expect(try row(run).status == .conflict)
        #expect(run.plan.actions(in: .pullIntoNotes).count == 1)
        #expect(run.plan.actions(in: .updateConnections).isEmpty)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let notes = try #require(lab.lab.notes(vmid: 101))
        #expect(notes.contains("2202") && !notes.contains("2223"), "\(notes)")
        #expect(lab.lab.guacamoleConnections().first { $0.identifier == web.identifier }?.parameters["port"] == "2202")
        lab.assertUnmanagedUntouched(after: "--pull of a conflict")

        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.isEmpty, "\(next.plan.renderText())")
    }

    @Test("A copy made by hand (same proxguac-id) is reported as duplicate and never deleted or changed; the known one stays managed")
    func duplicateRemoved() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let web = try #require(lab.managedConnections()["web01/ssh"])
        let marker = try #require(web.parameters[GuacamoleParameterName.marker])
        let copy = try await lab.engine().guacamole.createConnection(GuacamoleConnection(
            name: web.name + " (copy)", parentIdentifier: web.parentIdentifier, protocol: web.protocol,
            parameters: web.parameters))
        let marked = { lab.lab.guacamoleConnections().filter { $0.parameters[GuacamoleParameterName.marker] == marker } }
        #expect(marked().count == 2)

        let reported = try await lab.engine().plan(resolution: .report)
        let duplicateRow = try row(reported)
        #expect(duplicateRow.statuses.contains(.duplicate), "\(duplicateRow)")

        let copyBefore = lab.lab.guacamoleConnections().first { $0.identifier == copy.identifier }
        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .deleteConnections).isEmpty)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(Set(marked().map(\.identifier)) == [web.identifier, try #require(copy.identifier)])
        #expect(marked().first { $0.identifier == web.identifier } == web)
        #expect(lab.lab.guacamoleConnections().first { $0.identifier == copy.identifier } == copyBefore)
        lab.assertUnmanagedUntouched(after: "duplicate kept")

        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.isEmpty, "\(next.plan.renderText())")
    }

    @Test("A connection deleted in Guacamole is missing and created again, with the same fields")
    func missingRecreated() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let web = try #require(lab.managedConnections()["web01/ssh"])
        try await lab.engine().guacamole.deleteConnection(web.identifier)

        let (run, report) = try await lab.sync()
        #expect(try row(run).status == .missing)
        #expect(run.plan.actions(in: .createConnections).count == 1)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let recreated = try #require(lab.managedConnections()["web01/ssh"])
        #expect(recreated.identifier != web.identifier)
        #expect(recreated.parentIdentifier == web.parentIdentifier)
        #expect(recreated.parameters == web.parameters)
        lab.assertUnmanagedUntouched(after: "recreating a missing connection")

        let next = try await lab.engine().plan(resolution: .report)
        #expect(next.plan.isEmpty, "\(next.plan.renderText())")
    }
}
