import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacLab

/// A timer must notice when credentials cannot be used: `auto` exits 3, keeps the connection, names the fix.
@Suite("proxguac auto with entries it cannot use")
struct AutoUnusableEntriesTests {
    @Test("an encrypted password without the right key: exit 3, the connection is kept, list says why")
    func wrongKeyIsNotSuccess() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            let otherKey = try EncryptionKey.generate()
            let token = try PasswordCipher(current: otherKey).encrypt(Secret("never-shown-9"))
            let notes = try #require(setup.lab.notes(vmid: 101))
            setup.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"pass:"Tr1cky;=+&%41""#, with: "encrypted_password:\"\(token)\""))
            try setup.useNewKey()

            let result = try setup.run(["auto"])
            #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("1 credential entry could not be used (invalid-notes)"), "\(result.stderr)")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy") == before, "kept as it was")
            #expect(!(result.stdout + result.stderr).contains("never-shown-9"))

            let list = try setup.run(["list", "--verbose"])
            #expect(list.stdout.contains("invalid-notes"), "\(list.stdout)")
        }
    }
}
