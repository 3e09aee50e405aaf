import Foundation
import ProxGuacCore
import Testing

@Suite("Config: defaults, the example file and effective output")
struct ConfigDefaultsTests {
    @Test("a minimal config gets every documented default")
    func defaults() throws {
        let config = try parseConfig(configBaseDocument).config
        #expect(config.proxmox.maxConcurrentPerNode == 3)
        #expect(config.proxmox.tls == TLSSettings(verify: true))
        #expect(config.guacamole.dataSource == nil)
        #expect(config.sync == SyncSettings(
            rootGroup: "Proxmox", connectionName: "{user}@{vmname}-{proto}", groupPerGuest: true, groupName: "{vmname} ({vmid})",
            deleteOrphans: true, stateFile: "/home/tester/.local/state/proxguac/state.json", include: nil, exclude: nil,
            includeTemplates: false, grant: GrantSettings(), concurrency: 16))
        #expect(config.network == NetworkSettings(
            sweepSubnets: [], sweepRate: 200, sweepTimeoutMs: 1000, allowLargeSweep: false, ipv6: false,
            startStoppedForDiscovery: false, wol: WakeOnLANSettings(broadcast: try #require(IPv4Address("255.255.255.255")), port: 9)))
        #expect(config.external.isEmpty)
        #expect(config.encryption == EncryptionSettings())
    }

    @Test("the state file defaults to XDG_STATE_HOME, else HOME; with neither it must be set", arguments: [
        (["XDG_STATE_HOME": "/state", "HOME": "/h"], "/state/proxguac/state.json"),
        (["XDG_STATE_HOME": "relative", "HOME": "/h"], "/h/.local/state/proxguac/state.json"),
        (["HOME": "/h"], "/h/.local/state/proxguac/state.json"),
    ])
    func stateFileDefault(environment: [String: String], expected: String) throws {
        #expect(try parseConfig(configBaseDocument, environment: environment).config.sync.stateFile == expected)
    }

    @Test("without HOME and XDG_STATE_HOME the state file must be configured")
    func stateFileWithoutHome() throws {
        let error = try #require(configError(configBaseDocument, environment: [:]))
        #expect(error.description.hasPrefix("config.json: sync.stateFile: no default"))
        let configured = configBaseDocument.setting("sync.stateFile", .string("/var/lib/proxguac/state.json"))
        #expect(try parseConfig(configured, environment: [:]).config.sync.stateFile == "/var/lib/proxguac/state.json")
    }

    @Test("URLs lose trailing slashes; fingerprints are normalised to Proxmox's form")
    func normalisation() throws {
        let hex = String(repeating: "ab", count: 32)
        let document = configBaseDocument
            .setting("proxmox.url", .string("https://pve.example.org:8006/"))
            .setting("proxmox.tls.fingerprint", .string(hex))
        let config = try parseConfig(document).config
        #expect(config.proxmox.url.absoluteString == "https://pve.example.org:8006")
        #expect(config.proxmox.tls.fingerprint?.description == Array(repeating: "AB", count: 32).joined(separator: ":"))
    }

    @Test("config.example.json is complete and valid")
    func exampleFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("config.example.json"), encoding: .utf8)
        let files = ConfigMemoryFiles(files: [
            "/etc/proxguac/proxmox-token": ("token", false), "/etc/proxguac/guacamole-password": ("pw", false),
            "/etc/proxguac/pve-root-ca.pem": ("ca", false), "/etc/proxguac/key": ("key", false),
            "/etc/proxguac/nas-password": ("nas", false),
        ])
        let parsed = try parseConfigText(text, files: files)
        #expect(parsed.warnings.isEmpty)
        let config = parsed.config
        #expect(config.proxmox.auth == .apiToken(try #require(ProxmoxTokenID("proxguac@pve!sync")),
                                                 secret: ConfiguredSecret(Secret("token"), origin: .file(path: "/etc/proxguac/proxmox-token"))))
        #expect(config.external.map(\.name) == ["nas"])
        #expect(config.sync.exclude?.tags == ["no-guacamole"])
        // Every section and key of the file format appears in the example.
        guard case .object(let sections) = try JSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(sections.map(\.key) == ["proxmox", "guacamole", "encryption", "sync", "external", "network"])
    }

    @Test("effective output shows every value but no secret")
    func effectiveOutput() throws {
        let config = try parseConfig(configExternalDocument.setting("sync.include.tags", .array([.string("guac")]))).config
        let lines = config.effectiveLines
        let text = lines.joined(separator: "\n") + JSONWriter.pretty(config.effectiveJSON)
        for secret in ["token-secret-value", "guac-password-value", "nas-password-value"] {
            #expect(!text.contains(secret))
        }
        #expect(lines.contains("proxmox.tokenSecret = <redacted> (inline in the config file at proxmox.tokenSecret)"))
        #expect(lines.contains("sync.include.tags = [\"guac\"]"))
        #expect(lines.contains("external[0].password = <redacted> (inline in the config file at external[0].password)"))
        #expect(lines.contains("sync.concurrency = 16"))
    }
}

@Suite("Config: guest filters")
struct ConfigGuestFilterTests {
    static let guest = GuestFilter.Facts(vmid: 101, node: "pve1", pool: "lab", tags: ["Guac", "linux"], status: "running")

    @Test("a filter matches when every non-empty criterion matches", arguments: [
        (GuestFilter(), true),
        (GuestFilter(tags: ["guac", "windows"]), true),
        (GuestFilter(tags: ["guac", "windows"], tagMatch: .all), false),
        (GuestFilter(tags: ["guac", "linux"], tagMatch: .all), true),
        (GuestFilter(nodes: ["pve2"]), false),
        (GuestFilter(tags: ["guac"], nodes: ["pve1"], pools: ["lab"], vmids: [101], status: ["running"]), true),
        (GuestFilter(pools: ["prod"]), false),
        (GuestFilter(vmids: [100, 102]), false),
        (GuestFilter(status: ["stopped"]), false),
    ])
    func matches(filter: GuestFilter, expected: Bool) {
        #expect(filter.matches(Self.guest) == expected)
    }

    @Test("include, exclude and templates decide which guests are synced")
    func selection() {
        var sync = SyncSettings()
        #expect(sync.selects(Self.guest))
        sync.exclude = GuestFilter(tags: ["linux"])
        #expect(!sync.selects(Self.guest))
        sync.exclude = nil
        sync.include = GuestFilter(nodes: ["pve2"])
        #expect(!sync.selects(Self.guest))
        sync.include = nil
        var template = Self.guest
        template.isTemplate = true
        #expect(!sync.selects(template))
        sync.includeTemplates = true
        #expect(sync.selects(template))
    }

    @Test("IPv4 CIDR parsing clears host bits and knows its size")
    func cidr() throws {
        let cidr = try #require(IPv4CIDR("203.0.113.77/24"))
        #expect(cidr.description == "203.0.113.0/24")
        #expect(cidr.addressCount == 256)
        #expect(cidr.contains(try #require(IPv4Address("203.0.113.200"))))
        #expect(!cidr.contains(try #require(IPv4Address("198.51.100.1"))))
        #expect(IPv4Address("01.2.3.4") == nil)
    }
}
