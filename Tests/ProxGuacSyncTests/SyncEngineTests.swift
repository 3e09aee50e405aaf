import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// The whole sync over real HTTPS against the lab on 127.0.0.1.
@Suite("Sync engine against the lab")
struct SyncEngineTests {
    @Test("The first sync creates the notes' connections under Proxmox and leaves the ROOT connection alone")
    func firstSync() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let (run, report) = try await lab.sync()

        #expect(!run.plan.actions(in: .createConnections).isEmpty)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let managed = lab.managedConnections()
        #expect(managed.count == report.createdConnections.count)
        let desktop = try #require(managed["win-desktop-admin-rdp"])
        #expect(desktop.parameters["hostname"] == "198.51.100.10")
        #expect(desktop.parameters["port"] == "3390")
        #expect(lab.lab.guacamoleGroups().contains { $0.name == "win-desktop (100)" })
        lab.assertUnmanagedUntouched(after: "the first sync")
        #expect(FileManager.default.fileExists(atPath: lab.config.sync.stateFile))
        #expect(FileManager.default.fileExists(atPath: lab.directory + "/audit.jsonl"))
        let audit = try String(contentsOfFile: lab.directory + "/audit.jsonl", encoding: .utf8)
        let state = try String(contentsOfFile: lab.config.sync.stateFile, encoding: .utf8)
        // One intent record before each change and one result record after it.
        #expect(audit.split(separator: "\n").count == 2 * report.applied.count)
        #expect(audit.split(separator: "\n").filter { $0.contains("\"result\":\"intent\"") }.count == report.applied.count)
        #expect(!audit.contains("P@ssw0rd") && !state.contains("P@ssw0rd"))
        let mode = try FileManager.default.attributesOfItem(atPath: lab.config.sync.stateFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Guacamole 1.6: the creates went as one batch PATCH, not one POST each.
        let counts = lab.lab.requestCounts()
        #expect(counts.contains { $0.key.hasPrefix("PATCH ") && $0.key.hasSuffix("/connections") })
        #expect(!counts.contains { $0.key.hasPrefix("POST ") && $0.key.hasSuffix("/connections") })
    }

    @Test("A second run plans nothing")
    func secondRunIsEmpty() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let run = try await lab.engine().plan(resolution: .report)
        #expect(run.plan.isEmpty, "\(run.plan.renderText())")
    }

    @Test("Losing the state file creates no duplicates")
    func lostState() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let before = lab.lab.guacamoleConnections().count
        try FileManager.default.removeItem(atPath: lab.config.sync.stateFile)
        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .createConnections).isEmpty)
        #expect(report.failures.isEmpty)
        #expect(lab.lab.guacamoleConnections().count == before)
    }

    @Test("A web-UI edit is reported as guac-drift, and --push puts the notes' value back")
    func guacDriftAndPush() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let desktop = try #require(lab.managedConnections()["win-desktop-admin-rdp"])
        var edited = desktop.parameters
        edited["port"] = "4000"
        lab.lab.editConnection(identifier: desktop.identifier, parameters: edited)

        let reported = try await lab.engine().plan(resolution: .report)
        let row = try #require(reported.plan.rows.first { $0.guacIdentifier == desktop.identifier })
        #expect(row.status == .guacDrift)
        #expect(reported.plan.actions(in: .updateConnections).isEmpty)

        let (pushed, report) = try await lab.sync(.push)
        #expect(pushed.plan.actions(in: .updateConnections).count == 1)
        #expect(report.failures.isEmpty)
        #expect(lab.managedConnections()["win-desktop-admin-rdp"]?.parameters["port"] == "3390")
        lab.assertUnmanagedUntouched(after: "--push")
    }

    @Test("A password changed in the notes is pushed to Guacamole")
    func notesEditPushed() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        let notes = try #require(lab.lab.notes(vmid: 100))
        lab.lab.setNotes(vmid: 100, notes.replacingOccurrences(of: "P@ssw0rd", with: "N3w-pass"))

        let (run, report) = try await lab.sync()
        #expect(run.plan.rows.contains { $0.status == .pveChanged })
        #expect(report.failures.isEmpty)
        #expect(lab.managedConnections()["win-desktop-admin-rdp"]?.parameters["password"] == "N3w-pass")
    }

    @Test("Removing a guest's credentials deletes its connection and its then empty group; ROOT is untouched")
    func orphanDeleted() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        try await lab.sync()
        lab.lab.setNotes(vmid: 101, "Public web server (nginx).\n")

        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .deleteConnections).count == 1)
        #expect(report.failures.isEmpty)
        #expect(lab.managedConnections()["web01/ssh"] == nil)
        #expect(!lab.lab.guacamoleGroups().contains { $0.name == "web01 (101)" })
        #expect(lab.managedConnections()["win-desktop-admin-rdp"] != nil)
        lab.assertUnmanagedUntouched(after: "orphan deletion")
    }

    @Test("A second run while one holds the lock is refused with exit code 4")
    func lockHeld() throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let engine = try lab.engine()
        let held = try engine.lock()
        defer { held.release() }
        #expect(throws: RunLock.Held.self) { _ = try engine.lock() }
        do {
            _ = try engine.lock()
        } catch let error as RunLock.Held {
            #expect(error.exitCode == ExitStatus.locked)
        }
    }
}

@Suite("Sync engine against an older Guacamole")
struct SyncEngineOldGuacamoleTests {
    @Test("Guacamole 1.5.5 (no batch add): every connection is created with its own request, a second run plans nothing")
    func guacamole155() async throws {
        var options = LabOptions()
        options.guacamoleVersion = "1.5.5"
        let lab = try SyncLab.start(options: options)
        defer { lab.stop() }
        let (run, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(lab.managedConnections().count == run.plan.actions(in: .createConnections).count)
        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty)
    }
}
