import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync
import ProxGuacTUI

/// The menus' backend over the real engine, against the lab on 127.0.0.1.
@Suite("Live TUI backend against the lab")
struct LiveTUIBackendTests {
    private func withBackend(_ body: (Lab, LiveTUIBackend) async throws -> Void) async throws {
        try await withLiveTUIBackend(body: body)
    }

    @Test("Syncing one guest from the menus creates only that guest's connections; the rest stay new")
    func scopedSync() async throws {
        try await withBackend { lab, backend in
            let guests = try await backend.guests()
            #expect(guests.first { $0.vmid == 100 }?.syncStatus == .missing)

            let preview = try await backend.plan(for: .guests([100]))
            #expect(preview.count(of: .create) == 5)  // Proxmox, its guest group, 3 connections
            let summary = try await backend.apply(plan: preview) { _ in }
            #expect(summary.failures.isEmpty, "\(summary.failures)")
            #expect(summary.created == 3)  // connections, counted apart from the 2 groups
            #expect(summary.groupsCreated == 2)

            let rows = try await backend.statusRows()
            #expect(rows.filter { $0.vmid == 100 }.allSatisfy { $0.state == .inSync })
            #expect(rows.contains { $0.vmid == 101 && $0.state == .missing })
            let everything = try await backend.plan(for: .everything)
            #expect(everything.count(of: .unchanged) == 3)
            #expect(lab.guacamoleConnections().contains { $0.name == "win-desktop-admin-rdp" })
        }
    }

    @Test("A web-UI edit shows as drift and repair (push) puts it back in sync")
    func repairDrift() async throws {
        try await withBackend { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            let connection = try #require(lab.guacamoleConnections().first { $0.name == "win-desktop-admin-rdp" })
            var edited = connection.parameters
            edited["port"] = "4001"
            lab.editConnection(identifier: connection.identifier, parameters: edited)

            let row = try #require(try await backend.statusRows().first { $0.connectionID == connection.identifier })
            #expect(row.state == .drift)
            _ = try await backend.repair(row: row, direction: .push)
            #expect(lab.guacamoleConnections().first { $0.identifier == connection.identifier }?.parameters["port"] == "3390")
            #expect(try await backend.statusRows().first { $0.id == row.id }?.state == .inSync)
        }
    }
}
