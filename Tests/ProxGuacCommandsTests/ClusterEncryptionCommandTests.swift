import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 20: encrypted passwords of named clusters are bound to the cluster's name too; `encrypt-notes`, `rekey`,
/// `auto --encrypt-notes` and `add --user` work with several clusters; each cluster may have its own key; naming or
/// renaming a cluster keeps its values usable and `rekey` re-binds them. The built binary against the lab.
@Suite("Encrypted passwords with several clusters")
struct ClusterEncryptionCommandTests {
    static let deployPassword = "Tr1cky;=+&%41"

    /// The `encrypted_password` value of user `deploy` in `notes`.
    static func deployValue(_ notes: String?) -> String? {
        guard let notes, let match = notes.firstMatch(of: #/user:"deploy" encrypted_password:"([^"]+)"/#) else { return nil }
        return String(match.1)
    }

    /// The key id of a `v2:<key id>:<vmid>:<data>` value.
    static func keyID(_ value: String?) -> String? {
        value.map { $0.split(separator: ":") }.flatMap { $0.count == 4 ? String($0[1]) : nil }
    }

    static func password(_ setup: CLILab, _ marker: String) -> String? {
        setup.connection(marker: marker)?.parameters["password"]
    }

    @Test("encrypt-notes binds each cluster's values to it; lab1/101's value copied into lab2/101 is refused; rekey --accept-copied re-binds it")
    func copiedAcrossClusters() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            try setup.useNewKey()
            let encrypted = try setup.run(["encrypt-notes"])
            #expect(encrypted.status == 0, "\(encrypted.stdout)\(encrypted.stderr)")
            #expect(encrypted.stdout.contains("lab1/101 web01: 1 password encrypted") && encrypted.stdout.contains("lab2/101 web01: 1 password encrypted"),
                    "\(encrypted.stdout)")
            let lab1 = try #require(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 0)))
            let lab2 = try #require(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 1)))
            #expect(lab1.hasPrefix("v2:") && lab2.hasPrefix("v2:") && lab1 != lab2)

            let synced = try setup.run(["auto"])
            #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
            #expect(Self.password(setup, "v1:pve:lab2:101:ssh:deploy") == Self.deployPassword)

            // Someone who can write lab2's notes pastes lab1's value for the same vmid and user.
            let notes = try #require(setup.lab.notes(vmid: 101, cluster: 1))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: lab2, with: lab1), cluster: 1)
            let copied = try setup.run(["auto"])
            #expect(copied.status == 3, "\(copied.stdout)\(copied.stderr)")
            let reasons = try setup.run(["list", "--verbose", "--guest", "lab2/101"])
            #expect(reasons.stdout.contains("encrypted for another cluster, guest or user"), "\(reasons.stdout)\(reasons.stderr)")
            #expect(reasons.stdout.contains("--vmid lab2/101 --accept-copied"), "\(reasons.stdout)")
            #expect(Self.password(setup, "v1:pve:lab2:101:ssh:deploy") == Self.deployPassword, "the existing connection kept")

            let refused = try setup.run(["rekey", "--vmid", "lab2/101"])
            #expect(refused.status == 3 && refused.stdout.contains("lab2/101 web01: failed: encrypted for another cluster"), "\(refused.stdout)\(refused.stderr)")
            let accepted = try setup.run(["rekey", "--vmid", "lab2/101", "--accept-copied"])
            #expect(accepted.status == 0 && accepted.stdout.contains("lab2/101 web01: 1 password re-encrypted"), "\(accepted.stdout)\(accepted.stderr)")
            #expect(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 0)) == lab1, "lab1's notes untouched")
            #expect(try setup.run(["auto"]).status == 0)
        }
    }

    @Test("a cluster with its own key file: its values use that key, the other cluster's the global one; a value of one key does not open in the other cluster")
    func keyPerCluster() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            let global = try setup.useNewKey()
            let own = setup.directory.path + "/lab2.key"
            #expect(try ProxGuacBinary.run(["keygen", "--output", own], in: setup.directory.path).status == 0)
            try setup.editConfig { config in
                var clusters = config["proxmox"] as? [[String: Any]] ?? []
                clusters[1]["encryptionKeyFile"] = own
                config["proxmox"] = clusters
            }
            let shown = try setup.run(["config", "check"])
            #expect(shown.stdout.contains("proxmox[1].encryptionKey = <redacted> (from file \(own))"), "\(shown.stdout)\(shown.stderr)")
            #expect(shown.stdout.contains("cluster \"lab2\" encryption key: ok (id "), "\(shown.stdout)")

            let encrypted = try setup.run(["auto", "--encrypt-notes"])
            #expect(encrypted.status == 0, "\(encrypted.stdout)\(encrypted.stderr)")
            let lab1 = try #require(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 0)))
            let lab2 = try #require(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 1)))
            #expect(Self.keyID(lab1) != Self.keyID(lab2), "\(lab1) \(lab2)")
            #expect(!(setup.lab.notes(vmid: 100, cluster: 1) ?? "").contains("pass:\""), "auto --encrypt-notes covered lab2 too")
            #expect(Self.password(setup, "v1:pve:lab1:101:ssh:deploy") == Self.deployPassword)
            #expect(Self.password(setup, "v1:pve:lab2:101:ssh:deploy") == Self.deployPassword)
            _ = global

            let notes = try #require(setup.lab.notes(vmid: 101, cluster: 0))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: lab1, with: lab2), cluster: 0)
            #expect(try setup.run(["auto"]).status == 3)
            let reasons = try setup.run(["list", "--verbose", "--guest", "lab1/101"])
            #expect(reasons.stdout.contains("made with key \(Self.keyID(lab2) ?? "?"), which is not loaded"), "\(reasons.stdout)\(reasons.stderr)")
        }
    }

    @Test("add --user writes the entry into the named cluster's guest only, encrypted and bound to that cluster; add --encrypt-notes encrypts that guest only")
    func addEntryToANamedClustersGuest() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            try setup.useNewKey()
            let passwordFile = try setup.directory.write("pw", "extra-secret\n")
            let added = try setup.run(["add", "--vmid", "lab2/102", "--user", "extra", "--protocols", "ssh", "--password-file", passwordFile, "--yes"])
            #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
            #expect(added.stdout.contains("into the notes of guest lab2/102, password encrypted"), "\(added.stdout)")
            #expect((setup.lab.notes(vmid: 102, cluster: 1) ?? "").contains("user:\"extra\" encrypted_password:\"v2:"))
            #expect(!(setup.lab.notes(vmid: 102, cluster: 0) ?? "").contains("extra"), "lab1's guest 102 untouched")
            #expect(Self.password(setup, "v1:pve:lab2:102:ssh:extra") == "extra-secret", "\(added.stdout) \(setup.markers().values.compactMap { $0 }.sorted())")
            #expect(setup.connection(marker: "v1:pve:lab1:102:ssh:extra") == nil)

            let encrypted = try setup.run(["add", "--vmid", "lab1/100", "--encrypt-notes", "--yes"])
            #expect(encrypted.status == 0 && encrypted.stdout.contains("lab1/100 win-desktop: 2 passwords encrypted"), "\(encrypted.stdout)\(encrypted.stderr)")
            #expect(!(setup.lab.notes(vmid: 100, cluster: 0) ?? "").contains("pass:\""))
            #expect((setup.lab.notes(vmid: 100, cluster: 1) ?? "").contains("pass:\"P@ssw0rd\""), "lab2's guest 100 untouched")
            #expect(setup.connection(marker: "v1:pve:lab1:100:rdp:admin")?.parameters["password"] == "P@ssw0rd")
        }
    }

    @Test("values written while the cluster was unnamed keep working once it is named, and after a rename with previousNames; rekey binds them to the name")
    func namingAndRenamingRebind() throws {
        try CLILab.with { setup in
            try setup.useNewKey()
            #expect(try setup.run(["encrypt-notes"]).status == 0)
            let unnamed = try #require(Self.deployValue(setup.lab.notes(vmid: 101)))
            #expect(try setup.run(["auto"]).status == 0)

            try ClusterMigrationCommandTests.setName(setup, "lab")
            let named = try setup.run(["auto"])
            #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
            #expect(Self.password(setup, "v1:pve:lab:101:ssh:deploy") == Self.deployPassword)
            #expect(setup.stateText.contains("\"ciphertextsUnnamedCluster\" : \"lab\""), "\(setup.stateText)")

            let rekeyed = try setup.run(["rekey"])
            #expect(rekeyed.status == 0 && rekeyed.stdout.contains("lab/101 web01: 1 password re-encrypted"), "\(rekeyed.stdout)\(rekeyed.stderr)")
            let bound = try #require(Self.deployValue(setup.lab.notes(vmid: 101)))
            #expect(bound != unnamed)
            let again = try setup.run(["rekey"])
            #expect(again.status == 0 && again.stdout.contains("Done: 0 password(s)"), "re-running changes nothing: \(again.stdout)")

            try ClusterMigrationCommandTests.setName(setup, "prod", previous: ["lab"])
            let renamed = try setup.run(["auto"])
            #expect(renamed.status == 0, "\(renamed.stdout)\(renamed.stderr)")
            #expect(Self.password(setup, "v1:pve:prod:101:ssh:deploy") == Self.deployPassword, "values bound to the old name still open")
            let moved = try setup.run(["rekey", "--vmid", "101"])
            #expect(moved.status == 0 && moved.stdout.contains("prod/101 web01: 1 password re-encrypted"), "\(moved.stdout)\(moved.stderr)")
            #expect(try setup.run(["auto"]).status == 0)
        }
    }

    @Test("auto --pull writes a password changed in Guacamole into the named cluster's notes bound to that cluster: copied to lab1 it is refused")
    func pulledIntoANamedCluster() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            try setup.useNewKey()
            #expect(try setup.run(["auto"]).status == 0)
            let web = try #require(setup.connection(marker: "v1:pve:lab2:101:ssh:deploy"))
            var edited = web.parameters
            edited["password"] = "Changed-in-web-UI"
            setup.lab.editConnection(identifier: web.identifier, parameters: edited)

            let pulled = try setup.run(["auto", "--pull"])
            #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
            let value = try #require(Self.deployValue(setup.lab.notes(vmid: 101, cluster: 1)), "\(setup.lab.notes(vmid: 101, cluster: 1) ?? "")")
            #expect(!(setup.lab.notes(vmid: 101, cluster: 1) ?? "").contains("Changed-in-web-UI"))
            #expect(try setup.run(["auto"]).status == 0)
            #expect(Self.password(setup, "v1:pve:lab2:101:ssh:deploy") == "Changed-in-web-UI")

            let notes = try #require(setup.lab.notes(vmid: 101, cluster: 0))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"pass:"Tr1cky;=+&%41""#, with: "encrypted_password:\"\(value)\""), cluster: 0)
            #expect(try setup.run(["auto"]).status == 3, "lab2's value does not open for lab1/101")
            #expect(Self.password(setup, "v1:pve:lab1:101:ssh:deploy") == Self.deployPassword)
        }
    }

    @Test("a cluster key file that cannot be read: config check and encrypt-notes stop with one line naming it (exit 2), nothing written")
    func unreadableClusterKey() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            try setup.useNewKey()
            let missing = setup.directory.path + "/missing.key"
            try setup.editConfig { config in
                var clusters = config["proxmox"] as? [[String: Any]] ?? []
                clusters[0]["encryptionKeyFile"] = missing
                config["proxmox"] = clusters
            }
            let before = setup.lab.notes(vmid: 100, cluster: 1)
            for command in [["config", "check"], ["encrypt-notes"]] {
                let run = try setup.run(command)
                let lines = run.stderr.split(separator: "\n")
                #expect(run.status == 2 && lines.count == 1 && lines[0].contains("cannot read encryption key file \(missing)"), "\(command): \(run.stderr)")
            }
            #expect(setup.lab.notes(vmid: 100, cluster: 1) == before, "no cluster's notes written")
        }
    }

    @Test("a cluster that cannot be read: encrypt-notes does the other cluster and exits 3; auto --encrypt-notes still syncs the other; naming its guest stops in one line")
    func unreadableCluster() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            try setup.useNewKey()
            setup.lab.stopCluster(1)
            let encrypted = try setup.run(["encrypt-notes"])
            #expect(encrypted.status == 3, "\(encrypted.stdout)\(encrypted.stderr)")
            #expect(encrypted.stdout.contains("cluster lab2: failed: ") && encrypted.stdout.contains("lab1/101 web01: 1 password encrypted"), "\(encrypted.stdout)")
            #expect(!(setup.lab.notes(vmid: 100, cluster: 0) ?? "").contains("pass:\""))

            let named = try setup.run(["encrypt-notes", "--vmid", "lab2/101"])
            let lines = named.stderr.split(separator: "\n")
            #expect(named.status == 3 && lines.count == 1 && lines[0].contains("cluster \"lab2\": cannot read its guests"), "\(named.stderr)")

            setup.lab.setNotes(vmid: 102, (setup.lab.notes(vmid: 102, cluster: 0) ?? "") + "\nuser:\"extra\" pass:\"extra-pass\" protos:\"ssh\";\n", cluster: 0)
            let synced = try setup.run(["auto", "--encrypt-notes"])
            #expect(synced.status == 3 && synced.stderr.contains("cluster \"lab2\": cannot read"), "\(synced.stdout)\(synced.stderr)")
            #expect(!(setup.lab.notes(vmid: 102, cluster: 0) ?? "").contains("pass:\"extra-pass\""), "lab1's new password encrypted")
            #expect(Self.password(setup, "v1:pve:lab1:102:ssh:extra") == "extra-pass", "and lab1 synced")
        }
    }
}
