import Testing
import ProxGuacCore
@testable import ProxGuacTUI

/// Issue 20: guests of several named clusters in the menus; guest 101 of `lab1` and of `lab2` are two rows.
@Suite struct SeveralClustersTests {
    static let lab1 = ClusterName("lab1")!
    static let lab2 = ClusterName("lab2")!

    static func guest(_ cluster: ClusterName, _ vmid: Int, _ name: String) -> GuestRow {
        GuestRow(vmid: vmid, name: name, node: "pve1", status: "running", protocols: ["ssh"], ip: "198.51.100.21",
                 ipSource: "agent", syncStatus: .missing, cluster: cluster)
    }

    static let guests = [guest(lab1, 101, "web01"), guest(lab1, 102, "db01"), guest(lab2, 101, "web01"), guest(lab2, 102, "db01")]

    @Test func eachRowNamesItsClusterAndOnlyTheCheckedClustersGuestIsPlanned() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(1)
        await ui.send(.finished(.guests(Self.guests)))
        #expect(ui.text.contains("GUEST"))
        for key in ["lab1/101", "lab1/102", "lab2/101", "lab2/102"] {
            #expect(ui.lines.contains { $0.contains(key) }, "\(key) in\n\(ui.text)")
        }
        #expect(ui.lines.allSatisfy { ColumnWidth.of($0) <= 80 }, "\(ui.text)")
        // Third row: lab2's web01.
        await ui.press(.down, .down)
        #expect(ui.text.contains("web01 · vmid 101 of cluster lab2 on pve1"), "\(ui.text)")
        await ui.press(.character(" "), .enter)
        #expect(ui.started.last == .plan(.guests([GuestKey(cluster: Self.lab2, vmid: 101)])))
    }

    @Test func aLongClusterNameIsShortenedNeverTheVmid() {
        let long = ClusterName("production-east-2")!
        let column = GuestColumn([GuestKey(cluster: long, vmid: 1234), GuestKey(cluster: Self.lab1, vmid: 101)])
        #expect(column.column.title == "GUEST" && column.width == GuestColumn.maxWidth)
        #expect(column.text(GuestKey(cluster: long, vmid: 1234)) == "producti…/1234")
        #expect(column.text(GuestKey(cluster: Self.lab1, vmid: 101)) == "lab1/101")
        let unnamed = GuestColumn([GuestKey(vmid: 101)])
        #expect(unnamed.column == TableColumn(title: "VMID", width: 5, alignRight: true))
    }

    @Test func theFilterMatchesTheClusterAndVmid() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(1)
        await ui.send(.finished(.guests(Self.guests)))
        await ui.press(.character("/"))
        await ui.type("lab2/1")
        await ui.press(.enter)
        #expect(ui.text.contains("2 shown"), "\(ui.text)")
        await ui.press(.character("a"), .enter)
        #expect(ui.started.last == .plan(.guests([GuestKey(cluster: Self.lab2, vmid: 101), GuestKey(cluster: Self.lab2, vmid: 102)])))
    }

    @Test func aNamedClustersGuestGetsANewEntryWrittenForItAndPlannedAlone() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(1)
        await ui.send(.finished(.guests([])))
        await ui.press(.character("e"))
        await ui.send(.finished(.guests([Self.guest(Self.lab1, 105, "monitoring"), Self.guest(Self.lab2, 105, "monitoring")])))
        await ui.press(.down, .character(" "), .enter)
        #expect(ui.text.contains("A credential entry for the notes of guest(s) lab2/105"), "\(ui.text)")
        await ui.type("ops")
        await ui.press(.enter)
        await ui.type("ssh")
        await ui.press(.enter)
        await ui.type("hunter2-secret")
        await ui.press(.enter)
        let lab2Guest = GuestKey(cluster: Self.lab2, vmid: 105)
        #expect(ui.started.last == .writeEntry(NewNotesEntry(guests: [lab2Guest], user: "ops", protocols: [.ssh], password: Secret("hunter2-secret"))))
        await ui.send(.finished(.entryWritten(["wrote an entry for ops (ssh) into the notes of guest lab2/105, password encrypted"])))
        #expect(ui.started.last == .plan(.guests([lab2Guest])), "only lab2's guest is planned")
    }

    @Test func encryptListsEachClustersGuestsApartAndEncryptsExactlyThose() async throws {
        var ui = UIHarness(clusters: 2)
        await ui.openMenuItem(5)
        #expect(ui.started == [.countPlainPasswords(guests: nil)])
        #expect(ui.text.contains("8 plain passwords in 8 guests (of 24 checked)"), "\(ui.text)")
        for key in ["lab1/102", "lab2/102", "lab1/110", "lab2/110"] {
            #expect(ui.lines.contains { $0.contains(key) && $0.contains("1 plain password") }, "\(key) in\n\(ui.text)")
        }
        await ui.press(.character("y"))
        guard case .encryptPasswords(let chosen)? = ui.started.last else {
            Issue.record("no encrypt started: \(ui.started)")
            return
        }
        #expect(Set(chosen.compactMap(\.cluster)) == [Self.lab1, Self.lab2] && chosen.count == 8, "\(chosen)")
        #expect(ui.text.contains("Encrypted 8 passwords in 8 guests · Failed 0"), "\(ui.text)")
        #expect(try await ui.backend.plainPasswords(in: nil).plainPasswords == 0)
    }

    @Test func theOfferAfterAddEncryptsOnlyTheCheckedClustersGuest() async throws {
        var ui = UIHarness(clusters: 2)
        await ui.openMenuItem(1)
        #expect(ui.text.contains("0 of 24 selected"), "\(ui.text)")
        // lab2's db-02: the 14th row (lab1's twelve guests first).
        for _ in 0..<13 { await ui.press(.down) }
        #expect(ui.text.contains("db-02 · vmid 102 of cluster lab2"), "\(ui.text)")
        await ui.press(.character(" "), .enter)
        let lab2Guest = GuestKey(cluster: Self.lab2, vmid: 102)
        #expect(ui.started.last == .plan(.guests([lab2Guest])))
        #expect(ui.text.contains("lab2/db-02-ssh"), "\(ui.text)")
        await ui.press(.character("y"))
        #expect(ui.started.last == .countPlainPasswords(guests: [lab2Guest]))
        #expect(ui.text.contains("Encrypt 1 plain password in these guests' notes now? [y/N]"), "\(ui.text)")
        await ui.press(.character("y"))
        #expect(ui.started.last == .encryptPasswords(guests: [lab2Guest]))
        #expect(try await ui.backend.plainPasswords(in: [lab2Guest]).plainPasswords == 0)
        #expect(try await ui.backend.plainPasswords(in: [GuestKey(cluster: Self.lab1, vmid: 102)]).plainPasswords == 1, "lab1's guest 102 untouched")
    }

    @Test func theDemoClustersShowEveryScreenWithClusterNames() async {
        var ui = UIHarness(clusters: 2)
        await ui.openMenuItem(1)
        #expect(ui.text.contains("GUEST"))
        #expect(ui.lines.contains { $0.contains("web-01") && $0.contains("lab1/101") && $0.contains("in sync") }, "\(ui.text)")
        #expect(ui.lines.contains { $0.contains("web-01") && $0.contains("lab2/101") && $0.contains("new") }, "\(ui.text)")
        await ui.press(.escape)
        await ui.openMenuItem(3)
        #expect(ui.lines.contains { $0.contains("lab1/101") && $0.contains("in sync") }, "\(ui.text)")
        await ui.press(.character("/"))
        await ui.type("lab2/101")
        await ui.press(.enter)
        #expect(ui.lines.contains { $0.contains("lab2/101") && $0.contains("new") }, "\(ui.text)")
        #expect(!ui.lines.contains { $0.contains("lab1/101") }, "\(ui.text)")
        #expect(ui.lines.allSatisfy { ColumnWidth.of($0) <= 80 }, "\(ui.text)")
        // The single-cluster demo is unchanged: no cluster anywhere.
        var single = UIHarness()
        await single.openMenuItem(1)
        #expect(single.text.contains("VMID") && !single.text.contains("lab1/"), "\(single.text)")
    }

    @Test func theListNamesTheClusterInTheGuestColumnAndTheDetail() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(3)
        var first = StatusRow(id: "pve:lab1:101:ssh:deploy", name: "web01/ssh", vmid: 101, proto: "ssh", state: .inSync,
                              reason: "in sync", ip: "198.51.100.21", ipSource: "agent", connectionID: "6")
        first.cluster = Self.lab1
        var second = StatusRow(id: "pve:lab2:101:ssh:deploy", name: "web01/ssh", vmid: 101, proto: "ssh", state: .unknownNode,
                               reason: "cluster \"lab2\" could not be read: kept untouched", ip: nil, ipSource: "none", connectionID: "7")
        second.cluster = Self.lab2
        await ui.send(.finished(.status([first, second])))
        #expect(ui.lines.contains { $0.contains("in sync") && $0.contains("lab1/101") }, "\(ui.text)")
        #expect(ui.lines.contains { $0.contains("unknown-node") && $0.contains("lab2/101") }, "\(ui.text)")
        #expect(ui.text.contains("web01/ssh · guest lab1/101 · ssh · Guacamole connection 6"), "\(ui.text)")
        await ui.press(.down)
        #expect(ui.text.contains("cluster \"lab2\" could not be read: kept untouched"), "\(ui.text)")
        await ui.press(.character("p"))
        #expect(!ui.started.contains { if case .repair = $0 { true } else { false } })
    }

    @Test func aHeldConnectionIsNeverMarkedForDeletionNorItsGroupDeletedWhole() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(4)
        let held = "cluster \"lab2\" could not be read"
        await ui.send(.finished(.tree([
            TreeNode(id: "g:1", title: "Proxmox", children: [
                TreeNode(id: "g:2", title: "lab1", children: [TreeNode(id: "c:6", title: "web01/ssh", detail: "ssh")]),
                TreeNode(id: "g:3", title: "lab2", children: [TreeNode(id: "c:7", title: "web01/ssh", detail: "ssh", heldBecause: held)]),
            ]),
        ])))
        #expect(ui.lines.contains { $0.hasSuffix("web01/ssh  ssh  held (Space: why)") }, "\(ui.text)")
        // Space on the root group checks everything that may go: not lab2's connection, so no group goes whole.
        await ui.press(.character(" "), .enter)
        #expect(ui.text.contains("1 connection, 1 group"), "\(ui.text)")
        #expect(ui.text.contains("lab1 (group, with everything in it)"))
        #expect(!ui.text.contains("Proxmox (group") && !ui.text.contains("lab2"), "\(ui.text)")
        await ui.press(.escape)
        // `a` skips it too; Space on it says why.
        await ui.press(.character("n"), .character("a"), .end, .character(" "))
        #expect(ui.text.contains("Held, not deleted: \(held)."), "\(ui.text)")
        await ui.press(.enter)
        #expect(!ui.text.contains("lab2"), "only lab1's connection is listed:\n\(ui.text)")
    }
}
