import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacLab

/// Issue 14, through the built binary against the lab: the five attacks of someone who can write one
/// guest's notes each fail as described, and change nothing else.
@Suite("Notes as untrusted input: the five attacks")
struct NotesAttackTests {
    /// Every Guacamole connection, by identifier (name, group, protocol, parameters).
    private func snapshot(_ setup: CLILab) -> [String: String] {
        Dictionary(uniqueKeysWithValues: setup.lab.guacamoleConnections().map {
            ($0.identifier, "\($0.name)|\($0.parentIdentifier)|\($0.protocol)|\($0.parameters.sorted { $0.key < $1.key })")
        })
    }

    private func addToEntry(_ setup: CLILab, vmid: Int, user: String, _ extra: String) throws {
        let notes = try #require(setup.lab.notes(vmid: vmid))
        let user = try #require(notes.range(of: "user:\"\(user)\""))
        var changed = notes
        changed.insert(contentsOf: " " + extra, at: user.upperBound)
        setup.lab.setNotes(vmid: vmid, changed)
    }

    @Test("1. parameters reaching the guacd host or another host, and a loopback host: entry blocked whole, exit 3, connection kept")
    func refusedParametersAndTargets() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = snapshot(setup)
            try addToEntry(setup, vmid: 101, user: "deploy",
                           #"ssh_settings:"typescript-path=/var/tmp,create-typescript-path=true,sftp-hostname=203.0.113.66,font-size=12""#)
            try addToEntry(setup, vmid: 102, user: "dba", #"host:"127.0.0.1""#)

            let result = try setup.run(["auto"])
            let output = result.stdout + result.stderr
            #expect(result.status == 3, "\(output)")
            for key in ["typescript-path", "create-typescript-path", "sftp-hostname"] {
                let lines = output.split(separator: "\n").filter {
                    $0.hasPrefix("warning: ") && $0.contains("'\(key)' in 'ssh_settings' is refused")
                }
                #expect(lines.count == 1, "one line for \(key): \(output)")
                #expect(lines.first?.contains("sync.notes.allowParameters: [\"\(key)\"]") == true)
            }
            #expect(!output.contains("'font-size'"), "allowed keys are not reported")
            #expect(output.contains("host 127.0.0.1 is a loopback address"), "\(output)")
            #expect(snapshot(setup) == before, "nothing changed in Guacamole: no parameter stripped, nothing pointed at loopback")

            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["notes"] = ["allowParameters": ["typescript-path", "create-typescript-path", "sftp-hostname"]]
                config["sync"] = sync
            }
            _ = try setup.run(["auto"])
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["typescript-path"] == "/var/tmp",
                    "an admin can allow them")
        }
    }

    @Test("1b. a host name is refused unless allowed; when allowed, every address it resolves to is checked")
    func hostNames() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = snapshot(setup)
            try addToEntry(setup, vmid: 102, user: "dba", #"host:"localhost""#)
            let refused = try setup.run(["auto"])
            #expect(refused.status == 3)
            #expect(refused.stdout.contains("host localhost is a name: names are refused unless sync.notes.allowHostNames is true"),
                    "\(refused.stdout)")
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["notes"] = ["allowHostNames": true]
                config["sync"] = sync
            }
            let resolved = try setup.run(["auto"])
            #expect(resolved.status == 3)
            #expect(resolved.stdout.contains("host localhost resolves to") && resolved.stdout.contains("a loopback address"),
                    "\(resolved.stdout)")
            #expect(snapshot(setup) == before)
        }
    }

    @Test("2. an encrypted value copied to another guest is no decryption oracle (v2 bound, v1 by the state)")
    func copiedCiphertexts() throws {
        try CLILab.with { setup in
            let keyFile = try setup.useNewKey()
            let cipher = PasswordCipher(current: try EncryptionKey.load(file: keyFile))
            // A v1 value (made before the upgrade) in guest 101: first sight, accepted there.
            let v1 = try cipher.encrypt(Secret("Tr1cky;=+&%41"))
            let notes = try #require(setup.lab.notes(vmid: 101))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"pass:"Tr1cky;=+&%41""#, with: "encrypted_password:\"\(v1)\""))
            #expect(try setup.run(["auto"]).status == 0)
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["password"] == "Tr1cky;=+&%41")
            #expect(setup.stateText.contains("\"ciphertexts\""), "the state records where the v1 value was seen")
            // encrypt-notes binds guest 100's plain passwords (v2).
            #expect(try setup.run(["encrypt-notes", "--vmid", "100"]).status == 0)
            let bound = try #require(setup.lab.notes(vmid: 100)?.firstMatch(of: #/encrypted_password:"(v2:[^"]+)"/#)?.1)
            let before = snapshot(setup)

            // The attacker copies both values into guest 105, pointing at their own address.
            setup.lab.setNotes(vmid: 105, """
                user:"deploy" encrypted_password:"\(v1)" protos:"ssh" host:"203.0.113.66";
                user:"admin" encrypted_password:"\(bound)" protos:"rdp" host:"203.0.113.66";
                """)
            let result = try setup.run(["auto"])
            let output = result.stdout + result.stderr
            #expect(result.status == 3, "\(output)")
            #expect(output.contains("encrypted for another guest: this value was last seen at guest 101 user deploy"), "\(output)")
            #expect(output.contains("encrypted for another guest (100)"), "\(output)")
            #expect(output.contains("--vmid 105 --accept-copied"))
            #expect(snapshot(setup) == before, "no connection carries the password to the attacker")
            #expect(!output.contains("Tr1cky") && !output.contains("P@ssw0rd"))

            // A clone an admin has checked: rekey binds the copies to guest 105.
            let rekey = try setup.run(["rekey", "--vmid", "105", "--accept-copied"])
            #expect(rekey.status == 0, "\(rekey.stdout)\(rekey.stderr)")
            #expect(setup.lab.notes(vmid: 105)?.contains("v2:") == true)
            #expect(try setup.run(["auto"]).status == 0)
            #expect(setup.connection(marker: "v1:pve:105:ssh:deploy")?.parameters["password"] == "Tr1cky;=+&%41")
        }
    }

    @Test("2c. encrypt-notes binds the v1 values that belong where they are, and leaves a copy alone")
    func encryptNotesBindsV1() throws {
        try CLILab.with { setup in
            let keyFile = try setup.useNewKey()
            let v1 = try PasswordCipher(current: try EncryptionKey.load(file: keyFile)).encrypt(Secret("Tr1cky;=+&%41"))
            let notes = try #require(setup.lab.notes(vmid: 101))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"pass:"Tr1cky;=+&%41""#, with: "encrypted_password:\"\(v1)\""))
            #expect(try setup.run(["auto"]).status == 0)
            setup.lab.setNotes(vmid: 105, "user:\"deploy\" encrypted_password:\"\(v1)\" protos:\"ssh\";")
            #expect(try setup.run(["encrypt-notes"]).status == 0)
            #expect(setup.lab.notes(vmid: 101)?.contains("encrypted_password:\"v2:") == true)
            #expect(setup.lab.notes(vmid: 105)?.contains(v1) == true, "the copy is not bound to the guest it was copied to")
            let result = try setup.run(["auto"])
            #expect(result.status == 3, "the copy is still refused")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["password"] == "Tr1cky;=+&%41")
        }
    }

    @Test("2b. rekey refuses copied values unless the guest is named with --accept-copied")
    func rekeyRefusesCopies() throws {
        try CLILab.with { setup in
            try setup.useNewKey()
            #expect(try setup.run(["encrypt-notes"]).status == 0)
            let bound = try #require(setup.lab.notes(vmid: 101)?.firstMatch(of: #/encrypted_password:"(v2:[^"]+)"/#)?.1)
            setup.lab.setNotes(vmid: 105, "user:\"deploy\" encrypted_password:\"\(bound)\" protos:\"ssh\";")
            let refused = try setup.run(["rekey"])
            #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stdout.contains("105 monitoring: failed: encrypted for another guest (101)"), "\(refused.stdout)")
            #expect(setup.lab.notes(vmid: 105)?.contains(String(bound)) == true, "left as it was")
            let usage = try setup.run(["rekey", "--accept-copied"])
            #expect(usage.status != 0 && usage.stderr.contains("--accept-copied needs --vmid"), "\(usage.stderr)")
        }
    }

    @Test("3. a note cannot place connections in another guest's group; the owner's entry keeps working")
    func noSquatting() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = snapshot(setup)
            setup.lab.setNotes(vmid: 105, #"user:"deploy" pass:"x" protos:"ssh" group:"web01 (101)" confName:"web01/ssh";"#)
            let result = try setup.run(["auto"])
            let output = result.stdout + result.stderr
            #expect(result.status == 3, "\(output)")
            #expect(output.contains("group \"web01 (101)\" is not this guest's"), "\(output)")
            #expect(snapshot(setup) == before)
            let list = try setup.run(["list"])
            #expect(list.stdout.contains("ok      Proxmox/web01 (101)/web01/ssh  [pve:101:ssh:deploy]")
                    || list.stdout.split(separator: "\n").contains { $0.hasPrefix("ok") && $0.contains("[pve:101:ssh:deploy]") }, "\(list.stdout)")
        }
    }

    @Test("3b. a name collision goes to whoever had the place first, not to the lower vmid")
    func collisionByHistory() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["groupPerGuest"] = false
                config["sync"] = sync
            }
            setup.lab.setNotes(vmid: 105, #"user:"ops" pass:"x" protos:"ssh" confName:"console";"#)
            #expect(try setup.run(["auto"]).status == 0)
            let owner = try #require(setup.connection(marker: "v1:pve:105:ssh:ops"))
            let notes = try #require(setup.lab.notes(vmid: 101))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"default_conf_name:"{vmname}/{proto}";"#, with: #"default_conf_name:"console";"#))
            for _ in 0..<2 {
                let result = try setup.run(["auto"])
                let output = result.stdout + result.stderr
                #expect(result.status == 3, "\(output)")
                #expect(output.contains("[pve:101:ssh:deploy] — notes entry cannot be used (connection name \"Proxmox/console\" already belongs to pve:105:ssh:ops"),
                        "\(output)")
                #expect(setup.connection(marker: "v1:pve:105:ssh:ops") == owner, "the owner keeps its place and its connection")
            }
        }
    }

    @Test("4. a malformed item never quotes a secret: not on stdout, stderr, --json, the audit log nor notes check")
    func noSecretEcho() throws {
        try CLILab.with { setup in
            try addToEntry(setup, vmid: 101, user: "deploy", #"ssh_settings:"passphrase Hunter3Pass,sftp-password:Hunter4Pass""#)
            try addToEntry(setup, vmid: 100, user: "admin", #"rdp_settings:"gateway-password Hunter5Pass""#)
            try addToEntry(setup, vmid: 100, user: "readonly", #"vnc_settings:"gateway-password=Hunter6Pass,token Hunter7Pass""#)
            setup.lab.setNotes(vmid: 105, #"user:"ops" encrypted_password:"Hunter8Pass" protos:"ssh"; user:"x" pass:"y" protos:"ssh" secrt:"Hunter9Pass";"#)
            let notesFile = try setup.directory.write("notes.txt", try #require(setup.lab.notes(vmid: 101)))
            var outputs = [try setup.run(["auto"]), try setup.run(["auto", "--json"]), try setup.run(["list", "--verbose"]),
                           try setup.run(["list", "--json"]), try setup.run(["auto", "--log-level", "trace"])]
            outputs.append(try ProxGuacBinary.run(["notes", "check", notesFile], in: setup.directory.path))
            outputs.append(try ProxGuacBinary.run(["notes", "check", "--json", notesFile], in: setup.directory.path))
            let audit = (try? String(contentsOfFile: setup.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
            let all = outputs.map { $0.stdout + $0.stderr }.joined() + audit + setup.stateText
            #expect(all.contains("is not one"), "the problem is reported")
            for secret in ["Hunter3Pass", "Hunter4Pass", "Hunter5Pass", "Hunter6Pass", "Hunter7Pass", "Hunter8Pass", "Hunter9Pass"] {
                #expect(!all.contains(secret), "\(secret) leaked")
            }
        }
    }

    @Test("4b. a malformed secret-bearing config value is never quoted back", arguments: [
        ("proxmox", "tokenSecret", #"["Hunter3Conf"]"#), ("guacamole", "password", #"{"x": "Hunter3Conf"}"#),
        ("proxmox", "tokenSecrt", #""Hunter3Conf""#), ("guacamole", "passwrd", #""Hunter3Conf""#),
        ("encryption", "keyFile", "17"),
    ])
    func noConfigSecretEcho(section: String, key: String, json: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        try CLILab.with { setup in
            try setup.editConfig { config in
                var object = config[section] as? [String: Any] ?? [:]
                object[key] = value
                object[key + "File"] = nil  // a file would win over the inline value, which then is not read
                config[section] = object
            }
            let results = [try setup.run(["config", "check"]), try setup.run(["config", "check", "--json"]), try setup.run(["auto"]),
                           try setup.run(["auto", "--json", "--log-format", "json"])]
            #expect(results.allSatisfy { $0.status == 2 }, "\(results.map(\.stderr))")
            let all = results.map { $0.stdout + $0.stderr }.joined()
            #expect(all.contains("\(section).\(key)"), "the key is named: \(all)")
            #expect(!all.contains("Hunter3Conf"), "\(all)")
        }
    }

    @Test("5. control characters in names from notes and Guacamole never reach the terminal")
    func noTerminalInjection() throws {
        try CLILab.with { setup in
            // Notes values end at the line's end, so a carriage return stands in for the newline.
            let evil = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}1m\rproxguac: error: forged"
            setup.lab.setNotes(vmid: 105, "user:\"ops\" pass:\"x\" protos:\"ssh\" confName:\"{vmname}\(evil)\";")
            var results = [try setup.run(["auto"]), try setup.run(["list", "--verbose"]), try setup.run(["auto", "--dry-run"])]
            #expect(setup.lab.guacamoleConnections().contains { $0.name.contains("\u{1B}") }, "the name reached Guacamole as data")
            setup.lab.setNotes(vmid: 105, "user:\"ops\" pass:\"x\" protos:\"ssh\" group:\"\(evil)\";")
            results.append(try setup.run(["auto"]))
            for result in results {
                let output = result.stdout + result.stderr
                #expect(!output.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" }, "\(output.debugDescription)")
                #expect(!output.split(separator: "\n").contains { $0.hasPrefix("proxguac: error: forged") }, "\(output)")
            }
            #expect(results[1].stdout.contains("\\x1b]0;owned\\x07"), "shown as escapes: \(results[1].stdout)")
        }
    }

    @Test("a notes file holding every refused parameter gives one line each")
    func everyRefusedParameter() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let rdp = ["enable-drive", "drive-path", "create-drive-path", "drive-name", "enable-printing", "printer-name",
                   "recording-path", "create-recording-path", "recording-name", "gateway-hostname", "gateway-port",
                   "gateway-username", "gateway-password", "gateway-domain", "initial-program", "remote-app",
                   "remote-app-dir", "remote-app-args", "static-channels", "load-balance-info", "sftp-hostname", "wol-send-packet"]
        let ssh = ["typescript-path", "create-typescript-path", "typescript-name", "command", "recording-path", "sftp-hostname"]
        let vnc = ["dest-host", "dest-port", "reverse-connect", "listen-timeout", "audio-servername", "recording-path"]
        func items(_ names: [String]) -> String { names.map { "\($0)=1" }.joined(separator: ",") }
        let file = try directory.write("notes.txt", """
            user:"admin" pass:"x" protos:"rdp,ssh,vnc" rdp_settings:"\(items(rdp)),color-depth=16" ssh_settings:"\(items(ssh))" vnc_settings:"\(items(vnc))";
            """)
        let result = try ProxGuacBinary.run(["notes", "check", file], in: directory.path)
        #expect(result.status == 1)
        let refused = result.stdout.split(separator: "\n").filter { $0.contains("is refused") }
        #expect(refused.count == rdp.count + ssh.count + vnc.count, "\(result.stdout)")
        for (key, names) in [("rdp_settings", rdp), ("ssh_settings", ssh), ("vnc_settings", vnc)] {
            for name in names {
                #expect(refused.filter { $0.contains("'\(name)' in '\(key)'") && $0.contains("sync.notes.allowParameters") }.count == 1, "\(key) \(name)")
            }
        }
    }
}
