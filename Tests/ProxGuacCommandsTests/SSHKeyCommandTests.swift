import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 21, through the built binary against the lab: `key:"deploy"` in a guest's notes puts the config's
/// key into its SSH connection; a guest the key is not for is blocked with its connection kept; rotating the
/// key file updates the connection on the next `auto`; no part of the key is ever printed or stored.
@Suite("SSH keys named by notes (key:\"NAME\")")
struct SSHKeyCommandTests {
    static func pem(_ body: String) -> String {
        "-----BEGIN OPENSSH PRIVATE KEY-----\n\(body)\n-----END OPENSSH PRIVATE KEY-----\n"
    }

    static let firstBody = "b3BlbnNzaC1rZXktdjEAAAAAFIRSTKEYBODYLINEonlyForTheLabTestAAAAAAAAAAAAAB"
    static let rotatedBody = "b3BlbnNzaC1rZXktdjEAAAAAROTATEDKEYBODYLINEonlyForTheLabTestAAAAAAAAAAAC"
    static let passphrase = "deploy-key-passphrase-91"

    @Test("key in the allowed guest's SSH connection, another guest blocked (exit 3), rotation pushed, never printed")
    func keyLifecycle() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let dbBefore = try #require(setup.connection(marker: "v1:pve:102:ssh:dba"))
            let keyFile = try setup.directory.write("keys/deploy.key", Self.pem(Self.firstBody))
            let passphraseFile = try setup.directory.write("keys/deploy.passphrase", Self.passphrase + "\n")
            try setup.editConfig { config in
                config["credentials"] = ["sshKeys": ["deploy": ["file": keyFile, "passphraseFile": passphraseFile, "vmids": [101]]]]
            }
            setup.lab.setNotes(vmid: 101, "Public web server.\nuser:\"deploy\" key:\"deploy\" protos:\"ssh\";\n")
            setup.lab.setNotes(vmid: 102, "PostgreSQL.\nuser:\"dba\" key:\"deploy\" protos:\"ssh\" ssh_port:\"2222\";")

            var outputs: [String] = []
            let first = try setup.run(["auto", "--json"])
            outputs += [first.stdout, first.stderr]
            let text = try setup.run(["auto"])
            outputs += [text.stdout, text.stderr]
            #expect(first.status == 3, "\(first.stdout)\(first.stderr)")
            #expect(text.status == 3)
            let web = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            #expect(web.parameters["private-key"] == Self.pem(Self.firstBody).trimmingCharacters(in: .newlines))
            #expect(web.parameters["passphrase"] == Self.passphrase)
            #expect(web.parameters["password"] == nil, "the old password is gone")
            let blockedLines = (text.stdout + text.stderr).split(separator: "\n").filter {
                $0.hasPrefix("warning: ") && $0.contains("key \"deploy\" is not for this guest")
            }
            #expect(blockedLines.count == 1, "\(text.stdout)\(text.stderr)")
            #expect(blockedLines.first?.contains("credentials.sshKeys.deploy.vmids/pools") == true)
            let dbAfter = try #require(setup.connection(marker: "v1:pve:102:ssh:dba"))
            #expect(dbAfter.parameters == dbBefore.parameters, "the blocked guest's connection is kept as it was")
            #expect(dbAfter.parameters["private-key"] == nil)

            // Rotation: the new key is pushed as a notes-side change, not reported as drift.
            setup.lab.setNotes(vmid: 102, "PostgreSQL.\nuser:\"dba\" pass:\"pg-secret\" protos:\"ssh\" ssh_port:\"2222\";")
            _ = try setup.directory.write("keys/deploy.key", Self.pem(Self.rotatedBody))
            let rotated = try setup.run(["auto"])
            outputs += [rotated.stdout, rotated.stderr]
            #expect(rotated.status == 0, "\(rotated.stdout)\(rotated.stderr)")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["private-key"]?.contains(Self.rotatedBody) == true)
            let again = try setup.run(["auto", "--json"])
            outputs += [again.stdout, again.stderr]
            #expect(again.status == 0, "nothing left to do: \(again.stdout)")

            // A key changed by hand in Guacamole is drift; --pull never writes key material into the notes.
            let edited = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            var handEdit = edited.parameters
            handEdit["private-key"] = Self.pem("aGFuZEVkaXRlZEtleUJvZHlMaW5lVGhhdE11c3ROb3RSZWFjaE5vdGVz")
            setup.lab.editConnection(identifier: edited.identifier, parameters: handEdit)
            let notesBefore = setup.lab.notes(vmid: 101)
            let pulled = try setup.run(["auto", "--pull"])
            outputs += [pulled.stdout, pulled.stderr]
            #expect(pulled.status == 3, "\(pulled.stdout)\(pulled.stderr)")
            #expect((pulled.stdout + pulled.stderr).contains("is not written into notes"), "\(pulled.stdout)\(pulled.stderr)")
            #expect(setup.lab.notes(vmid: 101) == notesBefore)
            let pushed = try setup.run(["auto", "--push"])
            #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["private-key"]?.contains(Self.rotatedBody) == true)

            let stateFiles = (FileManager.default.enumerator(atPath: setup.directory.path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }.filter { !$0.hasPrefix("keys/") }
            #expect(stateFiles.contains { $0.hasSuffix(".jsonl") }, "\(stateFiles)")
            for file in stateFiles {
                outputs.append(try String(contentsOfFile: setup.directory.path + "/" + file, encoding: .utf8))
            }
            for output in outputs {
                for secret in [Self.firstBody, Self.rotatedBody, Self.passphrase, "BEGIN OPENSSH PRIVATE KEY", "aGFuZEVkaXRlZEtleUJvZHlM"] {
                    #expect(!output.contains(secret), "key material printed or stored")
                }
            }
        }
    }
}
