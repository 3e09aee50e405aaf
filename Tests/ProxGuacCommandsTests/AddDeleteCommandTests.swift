import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `proxguac add --vmid` and `proxguac delete`: the built binary against a lab on 127.0.0.1 (stdin is not a terminal).
@Suite("proxguac add and delete")
struct AddDeleteCommandTests {
    @Test("add --vmid creates only those guests' connections; without --yes nothing changes and it exits 2")
    func addOnlyThoseGuests() throws {
        try CLILab.with { setup in
            let before = setup.lab.guacamoleConnections()

            let asked = try setup.run(["add", "--vmid", "101,102"])
            #expect(asked.status == 2, "\(asked.stdout)\(asked.stderr)")
            #expect(asked.stdout.contains("Create connections (2)"), "\(asked.stdout)")
            #expect(asked.stderr.contains("proxguac add --vmid 101,102 --yes"), "\(asked.stderr)")
            #expect(setup.lab.guacamoleConnections() == before)

            let dry = try setup.run(["add", "--vmid", "101,102", "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(setup.lab.guacamoleConnections() == before)

            let applied = try setup.run(["add", "--vmid", "101", "--vmid", "102", "--yes"])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(!applied.stdout.contains("Tr1cky") && !applied.stdout.contains("pg-secret"))
            let after = setup.lab.guacamoleConnections()
            let added = after.filter { connection in !before.contains { $0.identifier == connection.identifier } }
            #expect(Set(added.compactMap { $0.parameters["proxguac-id"] }) == ["v1:pve:101:ssh:deploy", "v1:pve:102:ssh:dba"])
            #expect(before.allSatisfy { after.contains($0) }, "nothing that existed changed")
            #expect(setup.connection(marker: "v1:pve:102:ssh:dba")?.parameters["password"] == "pg-secret")

            let again = try setup.run(["add", "--vmid", "101,102"])
            #expect(again.status == 0, "an in-sync guest needs no --yes: \(again.stderr)")
            #expect(again.stdout.contains("no changes"))
        }
    }

    @Test("without a terminal, proxguac names auto, add and delete, and those commands exist")
    func nonInteractiveHint() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let menus = try ProxGuacBinary.run([], in: directory.path)
        #expect(menus.status == 2)
        for line in ["proxguac auto", "proxguac add --vmid 101,102 --yes", "proxguac delete --connection ID --yes"] {
            #expect(menus.stderr.contains(line), "\(menus.stderr)")
        }
        for command in ["add", "delete", "add-external", "remove-external"] {
            #expect(try ProxGuacBinary.run([command, "--help"], in: directory.path).status == 0)
        }
        let both = try ProxGuacBinary.run(["delete", "--connection", "3", "--guest", "101"], in: directory.path)
        #expect(both.status == 64)
        #expect(both.stderr.contains("either --connection"))
    }

    @Test("add refuses an unknown guest and a guest without credential entries with one line, exit 2")
    func addRefusesBadGuests() throws {
        try CLILab.with { setup in
            let unknown = try setup.run(["add", "--vmid", "999", "--yes"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("guest 999 not found"), "\(unknown.stderr)")
            let noEntries = try setup.run(["add", "--vmid", "105", "--yes"])
            #expect(noEntries.status == 2)
            #expect(noEntries.stderr.contains("105 (monitoring) has no credential entries"), "\(noEntries.stderr)")
            #expect(setup.lab.guacamoleConnections().count == 1, "only the lab's unmanaged connection")
        }
    }

    @Test("delete --connection removes exactly that one and its state record; an unmanaged id is refused")
    func deleteOne() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = setup.lab.guacamoleConnections()
            let target = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            let unmanaged = try #require(before.first { $0.name == "Office printer (manual)" })
            #expect(setup.stateText.contains("pve:101:ssh:deploy"))

            let refused = try setup.run(["delete", "--connection", unmanaged.identifier, "--yes"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("not managed by proxguac"), "\(refused.stderr)")
            let unknown = try setup.run(["delete", "--connection", "\(target.identifier),424242", "--yes"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("424242 does not exist"), "\(unknown.stderr)")

            let asked = try setup.run(["delete", "--connection", target.identifier])
            #expect(asked.status == 2)
            #expect(asked.stdout.contains("next `proxguac auto` recreates it"), "\(asked.stdout)")
            #expect(setup.lab.guacamoleConnections() == before)

            let deleted = try setup.run(["delete", "--connection", target.identifier, "--yes"])
            #expect(deleted.status == 0, "\(deleted.stdout)\(deleted.stderr)")
            #expect(setup.lab.guacamoleConnections() == before.filter { $0.identifier != target.identifier })
            #expect(!setup.stateText.contains("pve:101:ssh:deploy"))

            // The notes still ask for it: the next auto creates it again.
            #expect(try setup.run(["auto"]).status == 0)
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy") != nil)
        }
    }

    @Test("delete --guest removes every managed connection of that guest only")
    func deleteGuest() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = setup.lab.guacamoleConnections()
            let result = try setup.run(["delete", "--guest", "100", "--yes"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let after = setup.lab.guacamoleConnections()
            #expect(after == before.filter { !($0.parameters["proxguac-id"] ?? "").hasPrefix("v1:pve:100:") })
            #expect(after.count == before.count - 3)
        }
    }
}
