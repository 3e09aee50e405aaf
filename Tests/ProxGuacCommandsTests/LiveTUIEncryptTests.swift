import Testing
@testable import ProxGuacCommands
import ProxGuacLab
import ProxGuacTUI

/// The menus' encryption, delete tree and cancel against the lab on 127.0.0.1.
@Suite("Live TUI backend: encrypt, delete, cancel")
struct LiveTUIEncryptTests {
    @Test("Counts plain passwords per guest (never the values), then encrypts only the chosen guests")
    func countAndEncrypt() async throws {
        try await withLiveTUIBackend(withKey: true) { lab, backend in
            let found = try await backend.plainPasswords(in: nil)
            #expect(found.blocker == nil)
            #expect(found.plainPasswords == 9)
            #expect(found.guests.count == 8)
            #expect(found.guests.first { $0.vmid == 100 }?.plainPasswords == 2)

            let summary = try await backend.encryptPasswords(in: [100, 101]) { _ in }
            #expect(summary == NotesEncryptionSummary(encryptedPasswords: 3, guestsChanged: 2))
            let notes = try #require(lab.notes(vmid: 100))
            #expect(!notes.contains("pass:\""))
            #expect(notes.contains("encrypted_password:\"v2:"))
            #expect(notes.hasPrefix("# Front-office desktop"))
            #expect(lab.notes(vmid: 102)?.contains("pass:\"pg-secret\"") == true)
            #expect(try await backend.plainPasswords(in: [100, 101, 102]).plainPasswords == 1)

            // The encrypted passwords still sync.
            let applied = try await backend.apply(plan: try await backend.plan(for: .guests([100]))) { _ in }
            #expect(applied.failures.isEmpty, "\(applied.failures)")
            #expect(lab.guacamoleConnections().first { $0.name == "win-desktop-admin-rdp" }?.parameters["password"] == "P@ssw0rd")
        }
    }

    @Test("Without a key the count still works, says how to configure one, and encrypting refuses")
    func noKey() async throws {
        try await withLiveTUIBackend { lab, backend in
            let found = try await backend.plainPasswords(in: [100])
            #expect(found.plainPasswords == 2)
            #expect(found.blocker?.contains("encryption.keyFile") == true)
            #expect(!found.canEncrypt)
            await #expect(throws: (any Error).self) { try await backend.encryptPasswords(in: [100]) { _ in } }
            #expect(lab.notes(vmid: 100)?.contains("pass:\"P@ssw0rd\"") == true)
        }
    }

    @Test("The delete tree has Proxmox › guest group › connection, and deleting a guest group removes its connections")
    func nestedDelete() async throws {
        try await withLiveTUIBackend { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .guests([100, 101]))) { _ in }
            let tree = try await backend.managedTree()
            let root = try #require(tree.first)
            #expect(root.title == "Proxmox")
            let web = try #require(root.children.first { $0.title == "web01 (101)" })
            #expect(web.children.map(\.title) == ["web01/ssh"])

            let summary = try await backend.delete(ids: web.children.map(\.id) + [web.id]) { _ in }
            #expect(summary.deleted == 1)  // the connection; the group is counted apart
            #expect(summary.groupsDeleted == 1)
            #expect(summary.failures.isEmpty, "\(summary.failures)")
            #expect(!lab.guacamoleConnections().contains { $0.name == "web01/ssh" })
            #expect(lab.guacamoleConnections().contains { $0.name == "win-desktop-admin-rdp" })
        }
    }

    @Test("Cancelling an apply stops between steps: nothing under way is cut off or reported as failed")
    func cancelApply() async throws {
        var options = LabOptions()
        options.latency = .milliseconds(100)
        try await withLiveTUIBackend(options: options) { lab, backend in
            let plan = try await backend.plan(for: .everything)
            let (steps, stepDone) = AsyncStream<Void>.makeStream()
            let work = Task { try await backend.apply(plan: plan) { _ in stepDone.yield() } }
            // Esc while the next requests are under way (each takes the lab's 100 ms).
            for await _ in steps { break }
            work.cancel()
            let summary = try await work.value
            #expect(summary.wasCancelled)
            #expect(summary.failures.isEmpty, "\(summary.failures)")
            #expect(summary.created < plan.changeCount)
            #expect(lab.guacamoleConnections().count == 1)  // only the scenario's own "Office printer"
        }
    }
}
