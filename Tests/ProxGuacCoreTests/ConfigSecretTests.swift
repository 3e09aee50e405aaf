import ProxGuacCore
import Testing

@Suite("Config: secrets from environment, file or inline")
struct ConfigSecretTests {
    static let tokenFile = "/etc/proxguac/token"
    static let withFile = configBaseDocument.setting("proxmox.tokenSecretFile", .string(tokenFile))
    static let files = ConfigMemoryFiles(files: [tokenFile: ("file-secret\n", false)])

    @Test("precedence is environment variable, then file, then inline", arguments: [
        (withFile, ["PROXGUAC_PROXMOX_TOKEN_SECRET": "env-secret"], "env-secret", SecretOrigin.environment(variable: "PROXGUAC_PROXMOX_TOKEN_SECRET")),
        (withFile, [:], "file-secret", .file(path: tokenFile)),
        (withFile, ["PROXGUAC_PROXMOX_TOKEN_SECRET": ""], "file-secret", .file(path: tokenFile)),
        (configBaseDocument, [:], "token-secret-value", .inline(keyPath: "proxmox.tokenSecret")),
    ])
    func precedence(document: JSONValue, environment: [String: String], expected: String, origin: SecretOrigin) throws {
        let parsed = try parseConfig(document, environment: environment.merging(configTestEnvironment) { a, _ in a }, files: Self.files)
        #expect(parsed.config.proxmox.auth.secret.secret.value == expected)
        #expect(parsed.config.proxmox.auth.secret.origin == origin)
    }

    @Test("a secret file is not read when the environment variable is set")
    func environmentSkipsMissingFile() throws {
        let document = configBaseDocument.setting("proxmox.tokenSecretFile", .string("/nowhere"))
        let parsed = try parseConfig(document, environment: ["HOME": "/h", "PROXGUAC_PROXMOX_TOKEN_SECRET": "from-env"])
        #expect(parsed.config.proxmox.auth.secret.secret.value == "from-env")
    }

    @Test("every documented environment variable supplies its secret", arguments: [
        ("PROXGUAC_PROXMOX_TOKEN_SECRET", configBaseDocument.removing("proxmox.tokenSecret")),
        ("PROXGUAC_PROXMOX_PASSWORD", configTicketDocument.removing("proxmox.password")),
        ("PROXGUAC_GUACAMOLE_PASSWORD", configBaseDocument.removing("guacamole.password")),
        ("PROXGUAC_ENCRYPTION_KEY", configBaseDocument),
        ("PROXGUAC_LEGACY_PASSPHRASE", configBaseDocument),
    ])
    func environmentVariables(variable: String, document: JSONValue) throws {
        let config = try parseConfig(document, environment: ["HOME": "/h", variable: "value-from-\(variable)"]).config
        let secrets = config.allSecrets.map(\.value)
        #expect(secrets.contains("value-from-\(variable)"))
        #expect(SecretEnvironment.all.contains(variable))
    }

    @Test("an unreadable secret file names the key, the path, the reason and the environment variable")
    func unreadableFile() throws {
        let document = configBaseDocument.setting("proxmox.tokenSecretFile", .string("/x/y"))
        let error = try #require(configError(document))
        #expect(error.kind == .unreadableFile)
        #expect(error.description == "config.json: proxmox.tokenSecretFile: cannot read /x/y (No such file or directory): create it or set PROXGUAC_PROXMOX_TOKEN_SECRET")
    }

    @Test("relative secret paths are read next to the config file, and ~ is the home directory")
    func relativePaths() throws {
        let files = ConfigMemoryFiles(files: ["/etc/proxguac/token": ("t1", false), "/home/tester/guac": ("g1", false)])
        let document = configBaseDocument
            .setting("proxmox.tokenSecretFile", .string("token"))
            .setting("guacamole.passwordFile", .string("~/guac"))
        let config = try parseConfig(document, files: files).config
        #expect(config.proxmox.auth.secret.secret.value == "t1")
        #expect(config.guacamole.password.secret.value == "g1")
    }

    @Test("an empty secret file is an error, and only trailing line breaks are trimmed")
    func fileContents() throws {
        let empty = ConfigMemoryFiles(files: [Self.tokenFile: ("\n", false)])
        #expect(try #require(configError(Self.withFile, files: empty)).description.contains("/etc/proxguac/token is empty"))
        let spaced = ConfigMemoryFiles(files: [Self.tokenFile: (" pass word \r\n", false)])
        #expect(try parseConfig(Self.withFile, files: spaced).config.proxmox.auth.secret.secret.value == " pass word ")
    }

    @Test("a secret file readable by group or others gives a chmod 600 warning")
    func permissionWarning() throws {
        let shared = ConfigMemoryFiles(files: [Self.tokenFile: ("s3cret", true)])
        let warnings = try parseConfig(Self.withFile, files: shared).warnings.map(\.description)
        #expect(warnings == ["config.json: proxmox.tokenSecretFile: /etc/proxguac/token is readable by group or others: chmod 600 /etc/proxguac/token"])
        #expect(try parseConfig(Self.withFile, files: Self.files).warnings.isEmpty)
    }

    @Test("encryption keys come from their files, in order")
    func encryptionKeys() throws {
        let files = ConfigMemoryFiles(files: ["/k/current": ("key-now\n", false), "/k/old1": ("key-1", false), "/k/old2": ("key-2", false)])
        let document = configBaseDocument
            .setting("encryption.keyFile", .string("/k/current"))
            .setting("encryption.previousKeyFiles", .array([.string("/k/old1"), .string("/k/old2")]))
        let encryption = try parseConfig(document, files: files).config.encryption
        #expect(encryption.key?.secret.value == "key-now")
        #expect(encryption.previousKeys.map(\.secret.value) == ["key-1", "key-2"])
        #expect(encryption.keyFile == "/k/current")
        let missing = document.setting("encryption.previousKeyFiles", .array([.string("/k/gone")]))
        #expect(try #require(configError(missing, files: files)).description.hasPrefix("config.json: encryption.previousKeyFiles[0]: cannot read /k/gone"))
    }

    @Test("an unreadable CA file is an error; a shared CA file is fine")
    func caFile() throws {
        let document = configBaseDocument.setting("proxmox.tls.caFile", .string("/etc/ssl/pve-ca.pem"))
        #expect(try #require(configError(document)).description.hasPrefix("config.json: proxmox.tls.caFile: cannot read /etc/ssl/pve-ca.pem"))
        let files = ConfigMemoryFiles(files: ["/etc/ssl/pve-ca.pem": ("-----BEGIN CERTIFICATE-----", true)])
        let parsed = try parseConfig(document, files: files)
        #expect(parsed.config.proxmox.tls.caFile == "/etc/ssl/pve-ca.pem")
        #expect(parsed.warnings.isEmpty)
    }

    @Test("tls.verify false warns on every parse")
    func verifyOffWarning() throws {
        let parsed = try parseConfig(configBaseDocument.setting("guacamole.tls.verify", .bool(false)))
        #expect(parsed.warnings.map(\.keyPath) == ["guacamole.tls.verify"])
        #expect(parsed.config.guacamole.tls.verify == false)
    }

    @Test("secrets print as <redacted> with their origin")
    func secretDescription() throws {
        let config = try parseConfig(configBaseDocument).config
        #expect("\(config.proxmox.auth.secret)" == "<redacted> (inline in the config file at proxmox.tokenSecret)")
        #expect(!"\(config.proxmox.auth)".contains("token-secret-value"))
    }
}
