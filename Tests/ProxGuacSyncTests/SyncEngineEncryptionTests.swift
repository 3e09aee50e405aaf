import Foundation
import Testing
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacLab
import ProxGuacSync

/// `encrypted_password` entries, decrypted only when needed (lab on 127.0.0.1).
@Suite("Sync engine with encrypted passwords")
struct SyncEngineEncryptionTests {
    @Test("An encrypted password is decrypted with the configured key; without the key the connection is kept, not deleted")
    func encryptedPassword() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let key = try EncryptionKey.generate()
        let token = try PasswordCipher(current: key).encrypt(Secret("S3cret-enc"))
        let notes = try #require(lab.lab.notes(vmid: 101))
        lab.lab.setNotes(vmid: 101, notes.replacingOccurrences(of: #"pass:"Tr1cky;=+&%41""#, with: "encrypted_password:\"\(token)\""))
        let environment = [EncryptionSettings.keyEnvironmentVariable: key.fileContents().value]

        let (_, report) = try await lab.sync(environment: environment)
        #expect(report.failures.isEmpty)
        let web = try #require(lab.managedConnections()["web01/ssh"])
        #expect(web.parameters["password"] == "S3cret-enc")

        let withoutKey = try await lab.engine().plan(resolution: .report)
        let row = try #require(withoutKey.plan.row(for: .proxmox(vmid: 101, protocolName: "ssh", username: "deploy")))
        #expect(row.status == .invalidNotes)
        #expect(withoutKey.plan.actions(in: .deleteConnections).isEmpty)
        #expect(!withoutKey.problems.joined().contains("S3cret-enc"))
    }

    @Test("--pull puts a password changed in Guacamole into the notes encrypted with the key, never in plain text")
    func pulledPasswordIsEncrypted() async throws {
        let lab = try SyncLab.start()
        defer { lab.stop() }
        let key = try EncryptionKey.generate()
        let environment = [EncryptionSettings.keyEnvironmentVariable: key.fileContents().value]
        try await lab.sync(environment: environment)
        let web = try #require(lab.managedConnections()["web01/ssh"])
        var edited = web.parameters
        edited["password"] = "Changed-in-web-UI"
        lab.lab.editConnection(identifier: web.identifier, parameters: edited)

        let engine = try lab.engine(environment: environment)
        let report = await engine.apply(try await engine.plan(resolution: .pull))
        #expect(report.failures.isEmpty, "\(report.failures)")
        let notes = try #require(lab.lab.notes(vmid: 101))
        #expect(!notes.contains("Changed-in-web-UI"))
        #expect(!notes.contains(#"pass:"Tr1cky"#))
        let entry = try #require(NotesParser.parse(notes).entry(username: "deploy", proto: .ssh))
        guard case .encrypted(let token) = entry.password else {
            Issue.record("the pulled password is not encrypted")
            return
        }
        #expect(token.hasPrefix("v2:\(key.id):101:"), "bound to the guest and user it was pulled for")
        #expect(try PasswordCipher(current: key).decrypt(token, boundTo: CiphertextBinding(vmid: 101, user: "deploy")).value
            == "Changed-in-web-UI")
        let after = try await lab.engine(environment: environment).plan(resolution: .report)
        #expect(after.plan.isEmpty, "\(after.plan.renderText())")
    }
}
