import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync
import ProxGuacTUI

/// Issue 20: the menus' backend over two named clusters (`lab1`, `lab2`: the same vmids and guest names),
/// against the lab on 127.0.0.1.
@Suite("Live TUI backend with several clusters")
struct LiveTUISeveralClustersTests {
    private static var twoClusters: LabOptions {
        var options = LabOptions()
        options.clusters = 2
        return options
    }

    private static let lab1 = ClusterName("lab1")!
    private static let lab2 = ClusterName("lab2")!

    /// Markers of the managed connections in Guacamole.
    private static func markers(_ lab: Lab) -> [String] {
        lab.guacamoleConnections().compactMap { $0.parameters["proxguac-id"] }.sorted()
    }

    @Test("guest 101 of each cluster is its own row; syncing lab1/101 from the menus creates only lab1's 101")
    func syncsOneClustersGuest() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters) { lab, backend in
            let guests = try await backend.guests()
            let web01 = guests.filter { $0.vmid == 101 }
            #expect(Set(web01.map(\.key)) == [GuestKey(cluster: Self.lab1, vmid: 101), GuestKey(cluster: Self.lab2, vmid: 101)])
            #expect(Set(guests.map(\.id)).count == guests.count, "every row has its own id")

            let chosen = GuestKey(cluster: Self.lab1, vmid: 101)
            let preview = try await backend.plan(for: .guests([chosen]))
            #expect(preview.lines(of: .create).contains { $0.subject.contains("lab1") }, "\(preview.lines)")
            let summary = try await backend.apply(plan: preview) { _ in }
            #expect(summary.failures.isEmpty, "\(summary.failures)")
            #expect(summary.created > 0)
            let markers = Self.markers(lab)
            #expect(!markers.isEmpty && markers.allSatisfy { $0.hasPrefix("v1:pve:lab1:101:") }, "\(markers)")

            let rows = try await backend.statusRows()
            let mine = rows.filter { $0.guestKey == chosen }
            #expect(!mine.isEmpty && mine.allSatisfy { $0.state == .inSync }, "\(mine)")
            #expect(rows.contains { $0.guestKey == GuestKey(cluster: Self.lab2, vmid: 101) && $0.state == .missing })
        }
    }

    @Test("without a group per cluster, plan and result lines name the cluster of the guest")
    func linesNameTheCluster() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters, configure: { $0.sync.groupPerCluster = false }) { lab, backend in
            // lab1's web01 has no entry, so lab2's may have the connection name alone.
            lab.setNotes(vmid: 101, "Public web server (nginx), no remote access.", cluster: 0)
            let preview = try await backend.plan(for: .guests([GuestKey(cluster: Self.lab2, vmid: 101)]))
            let creates = preview.lines(of: .create).filter { !$0.isGroup }.map(\.subject)
            #expect(creates == ["lab2: web01 (101)/web01/ssh"], "\(preview.lines)")
            let summary = try await backend.apply(plan: preview) { _ in }
            #expect(summary.changes.contains("+ create-connection lab2: web01 (101)/web01/ssh"), "\(summary.changes)")
            #expect(Self.markers(lab).allSatisfy { $0.hasPrefix("v1:pve:lab2:101:") })
        }
    }

    @Test("a cluster that cannot be read: the other's guests load, its connections are held in the Delete screen")
    func unreadableClusterIsHeld() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters) { lab, backend in
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            let before = Self.markers(lab)
            lab.stopCluster(1)

            let guests = try await backend.guests()
            #expect(!guests.isEmpty && guests.allSatisfy { $0.cluster == Self.lab1 }, "\(guests.map(\.key))")
            let rows = try await backend.statusRows()
            let held = rows.filter { $0.cluster == Self.lab2 }
            #expect(!held.isEmpty && held.allSatisfy { $0.state == .unknownNode && !$0.state.canPush }, "\(held)")

            func leaves(_ node: TreeNode) -> [TreeNode] { node.children.isEmpty ? [node] : node.children.flatMap(leaves) }
            let connections = try await backend.managedTree().flatMap(leaves).filter { $0.id.hasPrefix("c:") }
            let lab2IDs = Set(lab.guacamoleConnections().filter { $0.parameters["proxguac-id"]?.hasPrefix("v1:pve:lab2:") ?? false }.map { "c:\($0.identifier)" })
            #expect(!lab2IDs.isEmpty)
            for connection in connections {
                if lab2IDs.contains(connection.id) {
                    #expect(connection.heldBecause == "cluster \"lab2\" could not be read", "\(connection)")
                } else {
                    #expect(connection.heldBecause == nil, "\(connection)")
                }
            }
            // Asked to delete lab2's connections and the root group anyway (the cluster went down after the tree
            // was shown): nothing of lab2's goes, and each refusal says why.
            let root = try #require(lab.guacamoleGroups().first { $0.name == "Proxmox" })
            let lab2Connection = try #require(lab2IDs.sorted().first)
            let deletion = try await backend.delete(ids: [lab2Connection, "g:\(root.identifier)"]) { _ in }
            #expect(deletion.deleted == 0 && deletion.groupsDeleted == 0)
            #expect(deletion.failures.count == 2 && deletion.failures.allSatisfy { $0.contains("held, not deleted: cluster \"lab2\" could not be read") },
                    "\(deletion.failures)")
            #expect(Self.markers(lab) == before)
            // Auto sync from the menus changes nothing of lab2's.
            _ = try await backend.apply(plan: try await backend.plan(for: .everything)) { _ in }
            #expect(Self.markers(lab) == before)
        }
    }
}
