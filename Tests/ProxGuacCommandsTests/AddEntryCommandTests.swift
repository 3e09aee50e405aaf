import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab

/// `proxguac add --vmid N --user … --protocols … --password-file …` (issue #15): for a guest without
/// credentials, the entry is written into its notes (with the config digest), then synced.
@Suite("proxguac add writes an entry")
struct AddEntryCommandTests {
    @Test("a guest without credentials gets its entry (plain without a key, encrypted with one) and its connection")
    func writesTheEntryThenSyncs() throws {
        try CLILab.with { setup in
            let passwordFile = try setup.directory.write("monitoring.pw", "Mon-Pa55\"word\n")
            let before = try #require(setup.lab.notes(vmid: 105))

            let dry = try setup.run(["add", "--vmid", "105", "--user", "ops", "--protocols", "ssh", "--password-file", passwordFile, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
            #expect(dry.stdout.contains("would write an entry for ops (ssh) into the notes of guest 105"))
            #expect(setup.lab.notes(vmid: 105) == before)

            let applied = try setup.run(["add", "--vmid", "105", "--user", "ops", "--protocols", "ssh", "--password-file", passwordFile, "--yes"])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(!applied.stdout.contains("Mon-Pa55") && !applied.stderr.contains("Mon-Pa55"))
            let notes = try #require(setup.lab.notes(vmid: 105))
            #expect(notes.hasPrefix(before), "every byte that was there is kept")
            #expect(notes.hasSuffix(#"user:"ops" pass:"Mon-Pa55\"word" protos:"ssh";"#))
            #expect(setup.connection(marker: "v1:pve:105:ssh:ops")?.parameters["password"] == #"Mon-Pa55"word"#)

            // Once there, the same user is refused (edit the entry instead), and nothing is written.
            let again = try setup.run(["add", "--vmid", "105", "--user", "ops", "--protocols", "rdp", "--password-file", passwordFile, "--yes"])
            #expect(again.status == 2)
            #expect(again.stderr.contains("already have an entry for user 'ops'"))
            #expect(setup.lab.notes(vmid: 105) == notes)

            // With encryption.keyFile set, the entry is written encrypted.
            _ = try setup.useNewKey()
            let encrypted = try setup.run(["add", "--vmid", "105", "--user", "viewer", "--protocols", "vnc", "--password-file", passwordFile, "--yes"])
            #expect(encrypted.status == 0, "\(encrypted.stdout)\(encrypted.stderr)")
            let last = try #require(setup.lab.notes(vmid: 105)?.split(separator: "\n").last)
            #expect(last.hasPrefix(#"user:"viewer" encrypted_password:"v2:"#), "bound to the guest and user")
            #expect(!last.contains("Mon-Pa55"))
            #expect(setup.connection(marker: "v1:pve:105:vnc:viewer")?.parameters["password"] == #"Mon-Pa55"word"#)
        }
    }

    @Test("the three options go together, and protocols must be known")
    func usage() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let partial = try ProxGuacBinary.run(["add", "--vmid", "105", "--user", "ops"], in: directory.path)
        #expect(partial.status == 64)
        #expect(partial.stderr.contains("--user, --protocols and --password-file go together"))
        let telnet = try ProxGuacBinary.run(["add", "--vmid", "105", "--user", "ops", "--protocols", "telnet", "--password-file", "x"],
                                            in: directory.path)
        #expect(telnet.status == 64)
        #expect(telnet.stderr.contains("--protocols takes"))
    }
}
