import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 20: "a rename re-binds them". After renaming cluster `lab` to `prod` (`previousNames: ["lab"]`), the values
/// bound to `lab` still open; plain `auto` and `list` say so once per cluster and write nothing; `auto --encrypt-notes`
/// re-binds them to `prod` in its notes pass (digest-checked, audited), after which `lab` can leave `previousNames`.
/// The built binary against the lab.
@Suite("A cluster rename re-binds encrypted passwords")
struct ClusterRenameRebindCommandTests {
    private static let vmids = [100, 101, 102, 103, 104, 200, 201, 202]

    private static func allNotes(_ setup: CLILab) -> [String?] { vmids.map { setup.lab.notes(vmid: $0) } }

    private static func hintLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains("still bound to its old name") }
    }

    @Test("plain auto and list print one hint line for cluster prod and leave the notes alone; auto --encrypt-notes re-binds; then lab can leave previousNames")
    func renameRebinds() throws {
        try CLILab.with { setup in
            try setup.useNewKey()
            try ClusterMigrationCommandTests.setName(setup, "lab")
            let encrypted = try setup.run(["encrypt-notes"])
            #expect(encrypted.status == 0, "\(encrypted.stdout)\(encrypted.stderr)")
            #expect(try setup.run(["auto"]).status == 0)
            let boundToLab = Self.allNotes(setup)
            #expect(boundToLab.allSatisfy { !($0 ?? "").contains("pass:\"") })

            try ClusterMigrationCommandTests.setName(setup, "prod", previous: ["lab"])
            let plain = try setup.run(["auto"])
            #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
            let hints = Self.hintLines(plain.stderr)
            #expect(hints.count == 1, "\(plain.stderr)")
            #expect(hints.first?.contains(#"cluster prod: 9 encrypted passwords are still bound to its old name "lab": run `proxguac rekey` or `auto --encrypt-notes` to re-bind them before removing "lab" from previousNames"#) == true,
                    "\(plain.stderr)")
            #expect(Self.allNotes(setup) == boundToLab, "plain auto never writes notes")
            #expect(setup.connection(marker: "v1:pve:prod:101:ssh:deploy")?.parameters["password"] == ClusterEncryptionCommandTests.deployPassword)

            let listed = try setup.run(["list"])
            #expect(Self.hintLines(listed.stderr).count == 1, "\(listed.stderr)")
            #expect(Self.allNotes(setup) == boundToLab, "list never writes notes")

            let rebinding = try setup.run(["auto", "--encrypt-notes"])
            #expect(rebinding.status == 0, "\(rebinding.stdout)\(rebinding.stderr)")
            #expect(rebinding.stdout.contains("prod/101 web01: 1 password re-bound to cluster prod"), "\(rebinding.stdout)")
            #expect(rebinding.stdout.contains("Done: 0 password(s) in 8 of 9 guest(s) encrypted, 9 re-bound to their cluster's current name, 0 failed."),
                    "\(rebinding.stdout)")
            #expect(Self.hintLines(rebinding.stderr).isEmpty, "re-bound before the sync: \(rebinding.stderr)")
            let rebound = Self.allNotes(setup)
            for (before, after) in zip(boundToLab, rebound) where before != nil {
                #expect(before != after, "every guest's values were sealed again")
                let strip = { (text: String?) in (text ?? "").replacing(#/encrypted_password:"[^"]*"/#, with: "") }
                #expect(strip(before) == strip(after), "only the values changed")
            }
            let audit = (try? String(contentsOfFile: setup.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
            #expect(audit.contains("(1 re-bound to cluster prod)"), "\(audit)")

            // Nothing left bound to "lab": the old name can go.
            try ClusterMigrationCommandTests.setName(setup, "prod")
            let after = try setup.run(["auto"])
            #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
            #expect(Self.hintLines(after.stderr).isEmpty, "\(after.stderr)")
            #expect(setup.connection(marker: "v1:pve:prod:101:ssh:deploy")?.parameters["password"] == ClusterEncryptionCommandTests.deployPassword)
            #expect(setup.connection(marker: "v1:pve:prod:100:rdp:admin")?.parameters["password"] == "P@ssw0rd")
            let again = try setup.run(["auto", "--encrypt-notes"])
            #expect(again.status == 0 && again.stdout.contains("Done: 0 password(s) in 0 of 9 guest(s) encrypted, 0 failed."), "\(again.stdout)")
        }
    }
}
