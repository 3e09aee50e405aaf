import Foundation
@testable import ProxGuacCommands
import ProxGuacLab
import ProxGuacTUI
import Testing

@Suite("Live TUI backend: a repair applies only the chosen direction", .serialized)
struct LiveTUIRepairDirectionTests {
    @Test("Pull on an orphan deletes nothing; the error says p deletes it")
    func pullOnOrphan() async throws {
        try await withLiveTUIBackend { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            lab.setNotes(vmid: 102, "no credentials any more")
            let row = try #require(try await backend.statusRows().first { $0.vmid == 102 })
            #expect(row.state == .orphan)
            do {
                _ = try await backend.repair(row: row, direction: .pull)
                Issue.record("a pull on an orphan did not refuse")
            } catch let failure as CommandFailure {
                #expect(failure.message.contains("p deletes it"))
            }
            #expect(lab.guacamoleConnections().contains { $0.name == "dba@db01-ssh" })
            #expect(lab.notes(vmid: 102) == "no credentials any more")
        }
    }

    @Test("Pull on a connection that is not in Guacamole creates nothing; push creates it")
    func pullOnDeletedInGuacamole() async throws {
        try await withLiveTUIBackend { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            let web = try #require(lab.guacamoleConnections().first { $0.name == "web01/ssh" })
            _ = try await backend.delete(ids: ["c:\(web.identifier)"]) { _ in }
            // After a delete from the menus the state forgets it: a new connection, not a deleted one.
            let row = try #require(try await backend.statusRows().first { $0.vmid == 101 })
            #expect(row.state == .missing)
            await #expect(throws: CommandFailure.self) { _ = try await backend.repair(row: row, direction: .pull) }
            #expect(!lab.guacamoleConnections().contains { $0.name == "web01/ssh" })
            _ = try await backend.repair(row: row, direction: .push)
            #expect(lab.guacamoleConnections().contains { $0.name == "web01/ssh" })
        }
    }

    @Test("Auto sync deletes an empty managed group, as auto does")
    func autoSyncDeletesEmptyGroups() async throws {
        try await withLiveTUIBackend { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            lab.setNotes(vmid: 102, "no credentials any more")
            let plan = try await backend.plan(for: .everything)
            #expect(plan.lines.contains { $0.action == .delete && $0.subject == "db01 (102)" })
            let summary = try await backend.apply(plan: plan) { _ in }
            #expect(summary.deleted == 1)
            #expect(summary.groupsDeleted == 1)
            #expect(!lab.guacamoleGroups().contains { $0.name == "db01 (102)" })
        }
    }
}
