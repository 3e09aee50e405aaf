import ProxGuacCore
import Testing

/// `key:"NAME"` in notes and `credentials.sshKeys.NAME` in the config (issue #21).
@Suite("SSH keys: key:\"NAME\" in notes, credentials.sshKeys in the config")
struct SSHKeyTests {
    static let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"
    static let grant = SSHKeyGrant(privateKey: Secret(pem), passphrase: Secret("key-passphrase-value"), vmids: [101], pools: ["web"])

    // MARK: Notes

    @Test("key:\"NAME\" stands for the password of an ssh entry, in both reading modes")
    func parsesInBothModes() throws {
        for mode in NotesReadingMode.allCases {
            let parsed = NotesParser.parse(#"user:"deploy" key:"deploy" protos:"ssh";"#, mode: mode)
            #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(mode): \(parsed.diagnostics)")
            #expect(try #require(parsed.entries.first).password == .sshKey("deploy"))
        }
    }

    @Test("key: with rdp/vnc, with host:, with a password, or with its own private-key is an error that blocks the entry",
          arguments: [
              (#"user:"a" key:"deploy" protos:"ssh,rdp";"#, "only with ssh"),
              (#"user:"a" key:"deploy" protos:"ssh" host:"203.0.113.9";"#, "remove 'host'"),
              (#"user:"a" pass:"pw-value" key:"deploy" protos:"ssh";"#, "not both"),
              (#"user:"a" key:"../etc/passwd" protos:"ssh";"#, "credentials.sshKeys"),
              (#"user:"a" key:"deploy" protos:"ssh" ssh_settings:"private-key=abc";"#, "'private-key' cannot be set"),
          ])
    func refusedCombinations(notes: String, text: String) {
        for mode in NotesReadingMode.allCases {
            let parsed = NotesParser.parse(notes, mode: mode)
            #expect(parsed.entries.isEmpty, "\(mode)")
            let errors = parsed.diagnostics.filter { $0.severity == .error }.map(\.message)
            #expect(errors.contains { $0.contains(text) }, "\(mode): \(errors)")
            #expect(!errors.joined().contains("pw-value"))
        }
    }

    @Test("a bare key: in prose does not make an entry; a quoted one does")
    func bareKeyInProseIsText() {
        let prose = NotesParser.parse("Licence key: ABCD-1234;")
        #expect(prose.entries.isEmpty && prose.diagnostics.filter { $0.severity == .error }.isEmpty, "\(prose.diagnostics)")
        #expect(NotesParser.parse(#"user:"a" key:"deploy" protos:"ssh";"#).entries.count == 1)
    }

    @Test("a rendered key entry reads back the same")
    func rendersAndReadsBack() throws {
        let entry = try #require(NotesParser.parse(#"user:"deploy" key:"deploy" protos:"ssh";"#).entries.first)
        let again = try #require(NotesParser.parse(NotesRenderer.render(entry)).entries.first)
        #expect(again.password == .sshKey("deploy"))
    }

    // MARK: Admission and the connection

    private func build(_ notes: String, vmid: Int = 101, pool: String? = nil, address: String? = "198.51.100.21",
                       lastKnown: String? = nil) -> GuestBuildResult {
        var settings = DesiredConnectionSettings()
        settings.sshKeys = ["deploy": Self.grant]
        let guest = GuestFacts(vmid: vmid, name: "vm\(vmid)", node: "pve1", kind: .qemu, status: "running", pool: pool,
                               address: address, addressSource: "agent")
        return DesiredConnectionBuilder(settings: settings)
            .build(guest: guest, notes: NotesParser.parse(notes), decrypt: { _ in Secret("unused") }, lastKnownAddress: { _ in lastKnown })
    }

    @Test("an allowed guest's SSH connection carries the key and passphrase, and no password")
    func allowedGuestGetsTheKey() throws {
        for (vmid, pool) in [(101, nil), (205, "web")] as [(Int, String?)] {
            let result = build(#"user:"deploy" key:"deploy" protos:"ssh";"#, vmid: vmid, pool: pool)
            let ssh = try #require(result.desired.first)
            #expect(ssh.parameters["private-key"] == Self.pem)
            #expect(ssh.parameters["passphrase"] == "key-passphrase-value")
            #expect(ssh.parameters["password"] == nil)
            #expect(ssh.parameters["hostname"] == "198.51.100.21")
            #expect(result.problems.isEmpty)
        }
    }

    @Test("a guest not listed by vmid or pool is blocked with one line naming the key and where to allow it")
    func otherGuestIsBlocked() throws {
        let result = build(#"user:"deploy" key:"deploy" protos:"ssh";"#, vmid: 102, pool: "db")
        #expect(result.desired.isEmpty)
        #expect(result.blocked.count == 1)
        let line = try #require(result.problems.first)
        #expect(line.contains("key \"deploy\"") && line.contains("credentials.sshKeys.deploy.vmids/pools"), "\(line)")
        let unknown = build(#"user:"deploy" key:"other" protos:"ssh";"#)
        #expect(unknown.desired.isEmpty && unknown.problems.first?.contains("credentials.sshKeys.other") == true)
    }

    @Test("with no address now, the key is not sent to the connection's remembered hostname")
    func noRememberedHostnameForKeys() {
        let result = build(#"user:"deploy" key:"deploy" protos:"ssh";"#, address: nil, lastKnown: "203.0.113.50")
        #expect(result.desired.isEmpty)
        #expect(result.blocked.first?.reason == .noAddress)
    }

    @Test("a rotated key file changes the connection's parameters hash, so it is pushed")
    func rotationChangesTheHash() throws {
        let before = try #require(build(#"user:"deploy" key:"deploy" protos:"ssh";"#).desired.first)
        var settings = DesiredConnectionSettings()
        settings.sshKeys = ["deploy": SSHKeyGrant(privateKey: Secret(Self.pem.replacingOccurrences(of: "W\n", with: "X\n")), vmids: [101])]
        let guest = GuestFacts(vmid: 101, name: "vm101", node: "pve1", kind: .qemu, status: "running", address: "198.51.100.21")
        let after = try #require(DesiredConnectionBuilder(settings: settings)
            .build(guest: guest, notes: NotesParser.parse(#"user:"deploy" key:"deploy" protos:"ssh";"#)) { _ in Secret("") }.desired.first)
        #expect(before.fields.hash != after.fields.hash)
        #expect(before.identity == after.identity)
    }

    // MARK: Config

    @Test("credentials.sshKeys reads the key and passphrase files (credential:NAME too), and registers them as secrets")
    func configReadsKeys() throws {
        let document = configBaseDocument
            .setting("credentials.sshKeys.deploy", .object([
                JSONMember("file", .string("credential:deploy-key")), JSONMember("passphraseFile", .string("deploy.pass")),
                JSONMember("vmids", .array([.number("101")])), JSONMember("pools", .array([.string("web")])),
            ]))
        let files = ConfigMemoryFiles(files: ["/run/creds/deploy-key": (Self.pem, false),
                                              "/etc/proxguac/deploy.pass": ("key-passphrase-value\n", true)])
        var environment = configTestEnvironment
        environment["CREDENTIALS_DIRECTORY"] = "/run/creds"
        let parsed = try parseConfig(document, environment: environment, files: files)
        let key = try #require(parsed.config.credentials.sshKeys["deploy"])
        #expect(key.privateKey.secret.value.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----"))
        #expect(key.passphrase?.secret.value == "key-passphrase-value")
        #expect((key.vmids, key.pools) == ([101], ["web"]))
        #expect(parsed.config.allSecrets.contains(key.privateKey.secret))
        #expect(parsed.config.allSecrets.contains(Secret("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW")))
        #expect(parsed.warnings.contains { $0.message.contains("deploy.pass is readable by group or others") })
        let shown = parsed.config.effectiveLines.joined(separator: "\n")
        #expect(shown.contains("credentials.sshKeys.deploy.key"), "\(shown)")
        #expect(!shown.contains("b3BlbnNzaC1rZXkt") && !shown.contains("key-passphrase-value"))
    }

    @Test("config mistakes are one line naming the key path, never the key",
          arguments: [
              ("credentials.sshKeys.deploy.pools", JSONValue.array([.string("web")]), "file"),
              ("credentials.sshKeys.deploy.tags", JSONValue.array([.string("web")]), "unknown key"),
              ("credentials.sshKeys.bad name", JSONValue.object([JSONMember("file", .string("/k"))]), "not a key name"),
              ("credentials.sshKeys.deploy.file", JSONValue.string("/etc/proxguac/id.pub"), "not a PEM private key"),
          ])
    func configMistakes(path: String, value: JSONValue, text: String) {
        let files = ConfigMemoryFiles(files: ["/etc/proxguac/id.pub": ("ssh-ed25519 AAAAC3Nza secret-comment\n", false)])
        let line = configError(configBaseDocument.setting(path, value), files: files).map { String(describing: $0) } ?? ""
        #expect(line.contains(text), "\(line)")
        #expect(line.contains("credentials.sshKeys"), "\(line)")
        #expect(!line.contains("AAAAC3Nza") && !line.contains("\n"))
    }
}
