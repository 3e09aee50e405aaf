import Foundation
import Testing
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacLab
import ProxGuacSync

/// The config's `external` hosts synced by the engine (lab on 127.0.0.1).
@Suite("Sync engine with external hosts")
struct SyncEngineExternalTests {
    private func host(_ password: ConfiguredSecret) -> ExternalHost {
        ExternalHost(name: "nas", host: "203.0.113.20", protocols: [.ssh], username: "root", password: password, group: "Storage")
    }

    @Test("An encryptedPassword is opened with the configured key; without the key the connection is kept, not deleted")
    func encryptedExternalPassword() async throws {
        let base = try SyncLab.start()
        defer { base.stop() }
        let key = try EncryptionKey.generate()
        let token = try PasswordCipher(current: key).encrypt(Secret("ext-S3cret"))
        var config = base.config
        config.external = [host(ConfiguredSecret(Secret(token), origin: .encrypted(keyPath: "external[0].encryptedPassword")))]
        let lab = SyncLab(lab: base.lab, config: config, directory: base.directory)
        let identity = ConnectionIdentity.external(name: "nas", protocolName: "ssh", username: "root")
        let environment = [EncryptionSettings.keyEnvironmentVariable: key.fileContents().value]

        let (run, report) = try await lab.sync(environment: environment)
        #expect(report.failures.isEmpty)
        #expect(run.plan.row(for: identity)?.path.description.hasSuffix("Storage") == true)
        let connection = try #require(lab.managedConnections()["root@nas-ssh"])
        #expect(connection.parameters["password"] == "ext-S3cret")

        let withoutKey = try await lab.engine().plan(resolution: .report)
        #expect(withoutKey.plan.row(for: identity)?.status == .invalidNotes)
        #expect(withoutKey.plan.actions(in: .deleteConnections).isEmpty)
        #expect(withoutKey.problems.contains { $0.contains("external host nas") })
    }
}
