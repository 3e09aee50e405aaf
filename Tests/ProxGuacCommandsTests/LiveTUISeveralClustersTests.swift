import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacCrypto
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

    /// The `encrypted_password` of `user` in `notes`.
    private static func value(of user: String, in notes: String?) -> String? {
        guard let notes, let pattern = try? Regex(#"user:"\#(user)" encrypted_password:"([^"]+)""#),
              let match = notes.firstMatch(of: pattern), let value = match.output[1].substring else { return nil }
        return String(value)
    }

    /// Whether `value` opens for (`cluster`, `vmid`, `user`) with the cluster's key ring.
    private static func opens(_ value: String, _ backend: LiveTUIBackend, cluster: ClusterName?, vmid: Int, user: String) -> Bool {
        guard let cipher = try? PasswordCipher.load(backend.engine.config.encryption(for: cluster)) else { return false }
        return (try? cipher.decrypt(value, boundTo: CiphertextBinding(vmid: vmid, user: user, cluster: cluster?.text))) != nil
    }

    @Test("Encrypt from the menus: each cluster's guests counted apart; encrypting lab2/100 writes only its notes, bound to lab2, and it syncs")
    func encryptsOneClustersGuest() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters, withKey: true) { lab, backend in
            let found = try await backend.plainPasswords(in: nil)
            #expect(found.blocker == nil && found.failures.isEmpty, "\(found)")
            #expect(found.plainPasswords == 18 && found.guests.count == 16, "\(found.countText)")
            let lab2Guest = GuestKey(cluster: Self.lab2, vmid: 100)
            #expect(found.guests.first { $0.key == lab2Guest }?.plainPasswords == 2)
            let lab1Before = lab.notes(vmid: 100, cluster: 0)

            let summary = try await backend.encryptPasswords(in: [lab2Guest]) { _ in }
            #expect(summary == NotesEncryptionSummary(encryptedPasswords: 2, guestsChanged: 1), "\(summary)")
            #expect(lab.notes(vmid: 100, cluster: 0) == lab1Before, "lab1's guest 100 untouched")
            let value = try #require(Self.value(of: "admin", in: lab.notes(vmid: 100, cluster: 1)))
            #expect(Self.opens(value, backend, cluster: Self.lab2, vmid: 100, user: "admin"))
            #expect(!Self.opens(value, backend, cluster: Self.lab1, vmid: 100, user: "admin"), "bound to lab2: refused in lab1")
            #expect(!Self.opens(value, backend, cluster: nil, vmid: 100, user: "admin"))
            #expect(try await backend.plainPasswords(in: nil).plainPasswords == 16)

            let applied = try await backend.apply(plan: try await backend.plan(for: .guests([lab2Guest]))) { _ in }
            #expect(applied.failures.isEmpty, "\(applied.failures)")
            let connection = lab.guacamoleConnections().first { $0.parameters["proxguac-id"] == "v1:pve:lab2:100:rdp:admin" }
            #expect(connection?.parameters["password"] == "P@ssw0rd")
        }
    }

    @Test("A new entry for lab2/101 from the menus: written into lab2's guest only, encrypted and bound to lab2; its plan creates it")
    func newEntryForOneClustersGuest() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters, withKey: true) { lab, backend in
            lab.setNotes(vmid: 101, "Public web server (nginx).", cluster: 1)
            let lab2Guest = GuestKey(cluster: Self.lab2, vmid: 101)
            let without = try await backend.guestsWithoutEntries { _ in }
            #expect(without.contains { $0.key == lab2Guest } && !without.contains { $0.key == GuestKey(cluster: Self.lab1, vmid: 101) },
                    "\(without.map(\.key))")
            let lab1Before = lab.notes(vmid: 101, cluster: 0)

            let lines = try await backend.writeEntry(NewNotesEntry(guests: [lab2Guest], user: "ops", protocols: [.ssh], password: Secret("S3cret-ops")))
            #expect(lines == ["wrote an entry for ops (ssh) into the notes of guest lab2/101, password encrypted"], "\(lines)")
            #expect(lab.notes(vmid: 101, cluster: 0) == lab1Before, "lab1's guest 101 untouched")
            let notes = lab.notes(vmid: 101, cluster: 1) ?? ""
            #expect(notes.hasPrefix("Public web server (nginx).") && !notes.contains("S3cret"), "\(notes)")
            let value = try #require(Self.value(of: "ops", in: notes))
            #expect(Self.opens(value, backend, cluster: Self.lab2, vmid: 101, user: "ops"))
            #expect(!Self.opens(value, backend, cluster: Self.lab1, vmid: 101, user: "ops"))

            let preview = try await backend.plan(for: .guests([lab2Guest]))
            let summary = try await backend.apply(plan: preview) { _ in }
            #expect(summary.failures.isEmpty && summary.created == 1, "\(summary)")
            #expect(Self.markers(lab) == ["v1:pve:lab2:101:ssh:ops"])
            #expect(lab.guacamoleConnections().first { $0.parameters["proxguac-id"] == "v1:pve:lab2:101:ssh:ops" }?.parameters["password"] == "S3cret-ops")
        }
    }

    @Test("With lab2 unreadable: Encrypt counts lab1 and names lab2 in one failure line; a new entry or encrypting for lab2's guest is refused in one line, nothing written")
    func unreadableClusterRefusesNotesWrites() async throws {
        try await withLiveTUIBackend(options: Self.twoClusters, withKey: true) { lab, backend in
            let before = (0..<2).map { cluster in [100, 101, 105].map { lab.notes(vmid: $0, cluster: cluster) } }
            lab.stopCluster(1)
            let found = try await backend.plainPasswords(in: nil)
            #expect(found.plainPasswords == 9 && found.guests.allSatisfy { $0.cluster == Self.lab1 }, "\(found)")
            #expect(found.failures.count == 1 && found.failures[0].hasPrefix("cluster lab2: "), "\(found.failures)")

            let lab2Guest = GuestKey(cluster: Self.lab2, vmid: 105)
            for attempt in [
                { _ = try await backend.writeEntry(NewNotesEntry(guests: [lab2Guest], user: "ops", protocols: [.ssh], password: Secret("x"))) },
                { _ = try await backend.encryptPasswords(in: [GuestKey(cluster: Self.lab2, vmid: 100)]) { _ in } },
            ] as [@Sendable () async throws -> Void] {
                do {
                    try await attempt()
                    Issue.record("a write for lab2's guest was not refused")
                } catch {
                    let line = String(describing: error)
                    #expect(line.contains("cluster \"lab2\": cannot read its guests") && !line.contains("\n"), "\(line)")
                }
            }
            #expect(lab.notes(vmid: 100, cluster: 0) == before[0][0] && lab.notes(vmid: 105, cluster: 0) == before[0][2])
        }
    }
}
