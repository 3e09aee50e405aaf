import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `auto --encrypt-notes` and the upgrade of legacy Proxmox-Guacamole-Sync Fernet values.
@Suite("proxguac auto --encrypt-notes and legacy upgrade")
struct NotesUpgradeCommandTests {
    /// Made with Python `cryptography` as Proxmox-Guacamole-Sync does (key SHA-256(passphrase), base64 once more);
    /// the same vector as the crypto tests' `LegacyToolVectors.ascii`.
    private let passphrase = "correct horse battery staple"
    private let legacyPassword = "P@ss-legacy-1"
    private let legacyValue = "Z0FBQUFBQnJCQWNXX0h3eE1QeFd4aHBQcElCX2RBY1cwc2diZ281ajlBcjhWQUFBZzBhN1lnaWZPUGcwdk5ibWtBNTZtZTlmS1hLNnBPSDgzcUtrSERtU05WNTFVN3FzMmc9PQ=="

    @Test("auto never rewrites notes; auto --encrypt-notes encrypts them and still creates connections with the right password")
    func autoEncryptsNotes() throws {
        try CLILab.with { setup in
            try setup.useNewKey()
            let before = setup.lab.notes(vmid: 100)
            #expect(try setup.run(["auto", "--dry-run"]).status == 0)
            #expect(setup.lab.notes(vmid: 100) == before)

            let result = try setup.run(["auto", "--encrypt-notes"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("100 win-desktop: 2 passwords encrypted"), "\(result.stdout)")
            let notes = setup.lab.notes(vmid: 100) ?? ""
            #expect(!notes.contains("pass:") && notes.contains("encrypted_password:\"v2:"))
            #expect(setup.lab.notes(vmid: 102)?.contains("pg-secret") == false)
            #expect(setup.connection(marker: "v1:pve:100:rdp:admin")?.parameters["password"] == "P@ssw0rd")
            #expect(setup.connection(marker: "v1:pve:102:ssh:dba")?.parameters["password"] == "pg-secret")
        }
    }

    @Test("with legacyPassphraseFile, list hints at legacy values and encrypt-notes upgrades them to bound v2")
    func legacyUpgrade() throws {
        try CLILab.with { setup in
            let passphraseFile = try setup.directory.write("legacy.passphrase", passphrase + "\n")
            try setup.useNewKey(extra: ["legacyPassphraseFile": passphraseFile])
            setup.lab.setNotes(vmid: 102, "PostgreSQL 16 primary.\nuser:\"dba\" encrypted_password:\"\(legacyValue)\" protos:\"ssh\" ssh_port:\"2222\";")

            let list = try setup.run(["list"])
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stderr.contains("1 password in the notes still use the old Fernet format"), "\(list.stderr)")

            let result = try setup.run(["encrypt-notes", "--vmid", "102"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let notes = setup.lab.notes(vmid: 102) ?? ""
            #expect(!notes.contains(legacyValue))
            #expect(notes.hasPrefix("PostgreSQL 16 primary.\nuser:\"dba\" encrypted_password:\"v2:"), "\(notes)")
            #expect(notes.hasSuffix("\" protos:\"ssh\" ssh_port:\"2222\";"))

            let auto = try setup.run(["auto"])
            #expect(auto.status == 0, "\(auto.stdout)\(auto.stderr)")
            #expect(!auto.stderr.contains("old Fernet format"))
            #expect(setup.connection(marker: "v1:pve:102:ssh:dba")?.parameters["password"] == legacyPassword)
        }
    }
}
