import Testing
@testable import ProxGuacCore

/// Config for unattended runs (issue 19): credentials, key file modes, every error at once, no secret echoed.
@Suite("Config for unattended runs")
struct UnattendedConfigTests {
    static let credentials = ["HOME": "/home/tester", "CREDENTIALS_DIRECTORY": "/run/credentials/proxguac.service"]

    @Test("credential:NAME reads $CREDENTIALS_DIRECTORY/NAME wherever a secret file is accepted")
    func credentialFiles() throws {
        let directory = "/run/credentials/proxguac.service"
        let document = configBaseDocument.removing("proxmox.tokenSecret").removing("guacamole.password")
            .setting("proxmox.tokenSecretFile", .string("credential:pve-token-secret"))
            .setting("guacamole.passwordFile", .string("credential:guacamole-password"))
            .setting("encryption.keyFile", .string("credential:encryption-key"))
            .setting("guacamole.totpSecretFile", .string("credential:guacamole-totp-secret"))
        let files = ConfigMemoryFiles(files: [
            directory + "/guacamole-totp-secret": ("JBSWY3DPEHPK3PXPJBSWY3DP\n", false),
            directory + "/pve-token-secret": ("from-credential\n", false),
            directory + "/guacamole-password": ("guac-credential", false),
            directory + "/encryption-key": ("key", false),
        ])
        let parsed = try parseConfig(document, environment: Self.credentials, files: files)
        guard case .apiToken(_, let secret) = parsed.config.proxmox.auth else { Issue.record("not a token"); return }
        #expect(secret.secret.value == "from-credential")
        #expect(secret.origin == .file(path: directory + "/pve-token-secret"))
        #expect(parsed.config.guacamole.password.secret.value == "guac-credential")
        #expect(parsed.config.encryption.keyFile == directory + "/encryption-key")
        #expect(parsed.config.guacamole.totp?.secret.origin == .file(path: directory + "/guacamole-totp-secret"))
        #expect(parsed.warnings.isEmpty)
    }

    @Test("credential:NAME outside systemd, a bad name, and the unit's placeholder are one-line errors")
    func credentialErrors() {
        let document = configBaseDocument.removing("proxmox.tokenSecret").setting("proxmox.tokenSecretFile", .string("credential:pve-token-secret"))
        let outside = configError(document)
        #expect(outside?.description == "config.json: proxmox.tokenSecretFile: names the systemd credential pve-token-secret but $CREDENTIALS_DIRECTORY is not set (not started by systemd with LoadCredential=): run it from the unit (LoadCredential=pve-token-secret:/path), or give the file's path instead")
        let bad = configError(document.setting("proxmox.tokenSecretFile", .string("credential:../etc/shadow")), environment: Self.credentials)
        #expect(bad?.problem == "\"credential:../etc/shadow\" does not name a credential")
        let placeholder = ConfigMemoryFiles(files: ["/run/credentials/proxguac.service/pve-token-secret": ("proxguac-credential-not-loaded", false)])
        let notLoaded = configError(document, environment: Self.credentials, files: placeholder)
        #expect(notLoaded?.problem == "the systemd credential pve-token-secret was not loaded (its LoadCredential= file is missing)")
    }

    @Test("key and passphrase files readable by others get the config files' warning")
    func keyFileModes() throws {
        let document = configBaseDocument.setting("encryption", .object([
            JSONMember("keyFile", .string("/etc/proxguac/key")),
            JSONMember("previousKeyFiles", .array([.string("/etc/proxguac/old.key")])),
            JSONMember("legacyPassphraseFile", .string("/etc/proxguac/passphrase")),
        ]))
        let files = ConfigMemoryFiles(files: ["/etc/proxguac/key": ("k", true), "/etc/proxguac/old.key": ("o", false),
                                              "/etc/proxguac/passphrase": ("p", true)])
        let warnings = try parseConfig(document, files: files).warnings.map(\.description)
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.contains { $0.contains("encryption.keyFile") && $0.contains("chmod 600 /etc/proxguac/key") })
        #expect(warnings.contains { $0.contains("encryption.legacyPassphraseFile") && $0.contains("chmod 600 /etc/proxguac/passphrase") })
        #expect(try parseConfig(document).warnings.isEmpty, "a key file not there yet (keygen makes it): no warning, no error")
    }

    @Test("every broken setting of proxmox and guacamole, and every broken section, is reported in one run, in file order")
    func everyError() throws {
        let document = configBaseDocument
            .setting("proxmox.url", .string("ftp://pve"))
            .setting("proxmox.tokenId", .string("nobang"))
            .setting("proxmox.maxConcurrentPerNode", .integer(0))
            .setting("guacamole.username", .integer(3))
            .setting("guacamole.tls.fingerprint", .string("zz"))
            .setting("sync.onDrift", .string("sometimes"))
            .setting("http.timeoutMs", .integer(1))
        let error = try #require(configError(document))
        let keyPaths = ([error] + error.others).map(\.keyPath)
        #expect(keyPaths == ["proxmox.url", "proxmox.tokenId", "proxmox.maxConcurrentPerNode", "guacamole.username",
                             "guacamole.tls.fingerprint", "sync.onDrift", "http.timeoutMs"])
        #expect(error.others.last?.problem.isEmpty == false)
    }

    @Test("no value of a secret-bearing key or URL query string in any message")
    func nothingEchoed() throws {
        let document = configBaseDocument
            .setting("proxmox.url", .string("https://pve.example.org:8006/?ticket=SECRET-Q1"))
            .setting("proxmox.tokenId", .string("proxguac@pve!sync=SECRET-T2"))
            .setting("guacamole.url", .string("https://guac.example.org/#token=SECRET-F3"))
            .setting("sync.tokenSecret=SECRET-K4", .integer(1))
        let error = try #require(configError(document))
        let text = ([error] + error.others).map(\.description).joined(separator: "\n")
        #expect(!text.contains("SECRET"), "\(text)")
        #expect(text.contains("proxmox.url: \"https://pve.example.org:8006/?…\" must not have a ?query"), "\(text)")
        #expect(text.contains("sync.tokenSecret=…: unknown key"), "\(text)")
        let token = try #require(configError(configBaseDocument.setting("proxmox.tokenId", .string("proxguac@pve!sync=SECRET-T2"))))
        #expect(token.description == "config.json: proxmox.tokenId: \"proxguac@pve!…\" is not a token id: use user@realm!tokenname, e.g. proxguac@pve!sync")
        let pasted = try #require(configError(configBaseDocument.setting("proxmox.tokenId", .string("SECRET-T5"))))
        #expect(!pasted.description.contains("SECRET"))
    }

    @Test("sync.onDrift: report by default, push and pull accepted")
    func driftPolicy() throws {
        #expect(try parseConfig(configBaseDocument).config.sync.onDrift == .report)
        #expect(try parseConfig(configBaseDocument.setting("sync.onDrift", .string("pull"))).config.sync.onDrift == .pull)
    }

    @Test("exit code precedence 1 > 5 > 3 > 6 > 0")
    func precedence() {
        #expect(ExitStatus.mostSerious([0, 6, 3]) == 3)
        #expect(ExitStatus.mostSerious([6, 0]) == 6)
        #expect(ExitStatus.mostSerious([3, 5, 6]) == 5)
        #expect(ExitStatus.mostSerious([5, 1]) == 1)
        #expect(ExitStatus.mostSerious([Int32]()) == 0)
        #expect(ExitStatus.mostSerious([0, 0]) == 0)
    }
}
