import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `proxguac encrypt-notes` and `rekey`: the built binary against a lab on 127.0.0.1.
@Suite("proxguac encrypt-notes and rekey")
struct EncryptNotesCommandTests {
    /// A lab, a temp directory, and a config whose `encryption.keyFile` is a fresh key (`old.key`).
    private struct Setup {
        let lab: Lab
        let directory: CLITemporaryDirectory
        let config: String

        /// Runs proxguac in the temp directory and fails the test on a launch error.
        func run(_ arguments: [String], config: String? = nil) throws -> ProxGuacBinary.Result {
            try ProxGuacBinary.run(arguments + ["--config", config ?? self.config], in: directory.path)
        }

        /// A new key file made by `proxguac keygen`.
        func newKey(_ name: String) throws -> String {
            let path = directory.path + "/" + name
            let result = try ProxGuacBinary.run(["keygen", "--output", path], in: directory.path)
            #expect(result.status == 0, "\(result.stderr)")
            return path
        }

        /// A copy of the lab config with `encryption` set to these key files.
        func config(named name: String, keyFile: String, previousKeyFiles: [String] = []) throws -> String {
            let data = try Data(contentsOf: URL(fileURLWithPath: config))
            var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            object["encryption"] = ["keyFile": keyFile, "previousKeyFiles": previousKeyFiles]
            let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]), as: UTF8.self)
            return try directory.write(name, text)
        }
    }

    private func withLab(_ body: (Setup) throws -> Void) throws {
        try CLILab.with { lab in
            let plain = Setup(lab: lab.lab, directory: lab.directory, config: lab.config)
            try body(Setup(lab: lab.lab, directory: lab.directory,
                           config: try plain.config(named: "config.json", keyFile: try plain.newKey("old.key"))))
        }
    }

    /// The notes with every password value (plain or encrypted) replaced by one placeholder.
    private func masked(_ notes: String?) -> String {
        (notes ?? "").replacing(#/(pass|password|encrypted_password):"[^"]*"/#) { _ in "PASSWORD" }
    }

    private func password(of name: String, in lab: Lab) -> String? {
        lab.guacamoleConnections().first { $0.name == name }?.parameters["password"]
    }

    @Test("encrypt-notes encrypts plain passwords in place; --dry-run writes nothing; auto still uses the right password")
    func encryptsInPlace() throws {
        try withLab { setup in
            let before = setup.lab.notes(vmid: 100)
            #expect(before?.contains("pass:\"P@ssw0rd\"") == true)

            let dry = try setup.run(["encrypt-notes", "--dry-run", "--vmid", "100"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("100 win-desktop: 2 passwords would be encrypted"), "\(dry.stdout)")
            #expect(setup.lab.notes(vmid: 100) == before)

            let result = try setup.run(["encrypt-notes"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("100 win-desktop: 2 passwords encrypted"), "\(result.stdout)")
            #expect(!result.stdout.contains("P@ssw0rd") && !result.stderr.contains("P@ssw0rd"))
            let after = setup.lab.notes(vmid: 100) ?? ""
            #expect(!after.contains("pass:"))
            #expect(after.contains("encrypted_password:\"v2:"))
            #expect(masked(after) == masked(before))
            #expect(setup.lab.notes(vmid: 201)?.contains("raspberry") == false)

            let again = try setup.run(["encrypt-notes"])
            #expect(again.status == 0)
            #expect(setup.lab.notes(vmid: 100) == after, "a second run changes nothing")

            let auto = try setup.run(["auto"])
            #expect(auto.status == 0, "\(auto.stdout)\(auto.stderr)")
            #expect(password(of: "win-desktop-admin-rdp", in: setup.lab) == "P@ssw0rd")
        }
    }

    @Test("an edit made between read and write is kept, and the passwords are still encrypted")
    func concurrentEditIsKept() throws {
        try withLab { setup in
            setup.lab.setFaults(LabFaults(digestRaceVMIDs: [100]))
            let result = try setup.run(["encrypt-notes", "--vmid", "100"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let after = setup.lab.notes(vmid: 100) ?? ""
            #expect(after.contains("Edited meanwhile in the web UI."))
            #expect(!after.contains("pass:"))
            #expect(after.contains("encrypted_password:\"v2:"))
        }
    }

    @Test("rekey makes the values decryptable with the new key only")
    func rekey() throws {
        try withLab { setup in
            #expect(try setup.run(["encrypt-notes"]).status == 0)
            let encrypted = setup.lab.notes(vmid: 100)
            let newKey = try setup.newKey("new.key")

            let dry = try setup.run(["rekey", "--new-key", newKey, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(setup.lab.notes(vmid: 100) == encrypted)

            let result = try setup.run(["rekey", "--new-key", newKey])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("100 win-desktop: 2 passwords re-encrypted"), "\(result.stdout)")
            #expect(result.stdout.contains("encryption.keyFile"))
            #expect(masked(setup.lab.notes(vmid: 100)) == masked(encrypted))
            #expect(setup.lab.notes(vmid: 100) != encrypted)

            let newOnly = try setup.config(named: "new.json", keyFile: newKey)
            let auto = try setup.run(["auto"], config: newOnly)
            #expect(auto.status == 0, "\(auto.stdout)\(auto.stderr)")
            #expect(password(of: "win-desktop-admin-rdp", in: setup.lab) == "P@ssw0rd")

            // The old key alone opens nothing any more: rekeying back to it fails for every guest.
            let oldOnly = try setup.config(named: "old.json", keyFile: setup.directory.path + "/old.key")
            let back = try setup.run(["rekey", "--new-key", setup.directory.path + "/old.key"], config: oldOnly)
            #expect(back.status == 3, "\(back.stdout)\(back.stderr)")
            #expect(back.stdout.contains("100 win-desktop: failed"))
        }
    }

    @Test("--vmid with a non-number is a usage error")
    func badVMID() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["encrypt-notes", "--vmid", "100,abc"], in: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--vmid 'abc' is not a guest"))
    }
}
