import Foundation
import ProxGuacCore
import Testing

@Suite("Config: defaults, the example file and effective output")
struct ConfigDefaultsTests {
    @Test("a minimal config gets every documented default")
    func defaults() throws {
        let config = try parseConfig(configBaseDocument).config
        #expect(config.proxmox.maxConcurrentPerNode == 4)
        #expect(config.proxmox.tls == TLSSettings(verify: true))
        #expect(config.guacamole.dataSource == nil)
        #expect(config.sync == SyncSettings(
            rootGroup: "Proxmox", connectionName: "{user}@{vmname}-{proto}", groupPerGuest: true, groupName: "{vmname} ({vmid})",
            deleteOrphans: true, stateFile: "/home/tester/.local/state/proxguac/state.json",
            filter: GuestFilter(include: .init(), exclude: .init(), includeTemplates: false), grant: GrantSettings(), concurrency: 16))
        #expect(config.network == NetworkSettings(
            sweepSubnets: [], sweepRate: 200, sweepTimeoutMs: 1000, allowLargeSweep: false, ipv6: false,
            startStoppedForDiscovery: false, wol: WakeOnLANTarget(broadcast: IPv4Address(255, 255, 255, 255), port: 9)))
        #expect(config.external.isEmpty)
        #expect(config.encryption == EncryptionConfig())
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
            "/etc/proxguac/pve-root-ca.pem": ("ca", false),
            "/etc/proxguac/nas-password": ("nas", false),
            "/etc/proxguac/keys/deploy": ("-----BEGIN OPENSSH PRIVATE KEY-----\nexample\n-----END OPENSSH PRIVATE KEY-----\n", false),
        ])
        let parsed = try parseConfigText(text, files: files)
        #expect(parsed.warnings.isEmpty)
        let config = parsed.config
        #expect(config.proxmox.auth == .apiToken(try #require(ProxmoxTokenID("proxguac@pve!sync")),
                                                 secret: ConfiguredSecret(Secret("token"), origin: .file(path: "/etc/proxguac/proxmox-token"))))
        #expect(config.external.map(\.name) == ["nas"])
        #expect(config.sync.filter.exclude.tags == ["no-guacamole"])
        #expect(config.encryption.keyOrigin == .file(path: "/etc/proxguac/encryption.key"))
        // Every section and key of the file format appears in the example.
        guard case .object(let sections) = try JSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(sections.map(\.key) == ["proxmox", "guacamole", "encryption", "sync", "external", "network", "http", "credentials"])
        #expect(config.credentials.sshKeys["deploy"]?.vmids == [101])
        #expect(config.http == HTTPSettings())
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

@Suite("Config: filters, network and external hosts reach the shared types")
struct ConfigSharedTypesTests {
    @Test("sync.include, sync.exclude and includeTemplates become the planner's GuestFilter")
    func filter() throws {
        let document = configBaseDocument
            .setting("sync.include", .object([
                JSONMember("tags", .array([.string("guac"), .string("linux")])), JSONMember("tagMatch", .string("all")),
                JSONMember("nodes", .array([.string("pve1")])), JSONMember("pools", .array([.string("lab")])),
                JSONMember("vmids", .array([.integer(101)])), JSONMember("status", .array([.string("running")])),
            ]))
            .setting("sync.exclude.tags", .array([.string("skip")]))
            .setting("sync.includeTemplates", .bool(true))
        let filter = try parseConfig(document).config.sync.filter
        #expect(filter == GuestFilter(
            include: .init(tags: ["guac", "linux"], tagMatch: .all, nodes: ["pve1"], pools: ["lab"], vmids: [101], statuses: ["running"]),
            exclude: .init(tags: ["skip"]), includeTemplates: true))
        #expect(filter.includes(.init(vmid: 101, node: "pve1", status: "running", tags: ["Guac", "linux"], pool: "lab")))
        #expect(!filter.includes(.init(vmid: 101, node: "pve1", status: "running", tags: ["guac"], pool: "lab")))
    }

    @Test("network settings are read whole; large subnets are left to the sweep plan")
    func network() throws {
        let document = configBaseDocument.setting("network", .object([
            JSONMember("sweepSubnets", .array([.string("auto"), .string("198.18.0.0/15")])),
            JSONMember("sweepRate", .integer(50)), JSONMember("sweepTimeoutMs", .integer(250)),
            JSONMember("allowLargeSweep", .bool(true)), JSONMember("ipv6", .bool(true)),
            JSONMember("startStoppedForDiscovery", .bool(true)),
            JSONMember("wol", .object([JSONMember("broadcast", .string("203.0.113.255")), JSONMember("port", .integer(7))])),
        ]))
        let network = try parseConfig(document).config.network
        #expect(network == NetworkSettings(
            sweepSubnets: [.auto, .subnet(try IPv4Subnet("198.18.0.0/15"))], sweepRate: 50, sweepTimeoutMs: 250,
            allowLargeSweep: true, ipv6: true, startStoppedForDiscovery: true,
            wol: WakeOnLANTarget(broadcast: IPv4Address(203, 0, 113, 255), port: 7)))
    }

    @Test("network: maxProbes, sweepInterval, prefer, routed subnets and wol.startViaAPI; bad values name the key and the fix")
    func networkIssue17Keys() throws {
        let document = configBaseDocument.setting("network", .object([
            JSONMember("sweepSubnets", .array([.string("198.51.100.0/24"), .object([JSONMember("subnet", .string("203.0.113.0/24")), JSONMember("routed", .bool(true))])])),
            JSONMember("maxProbes", .integer(100)), JSONMember("sweepInterval", .integer(0)), JSONMember("prefer", .string("IPv6")),
            JSONMember("wol", .object([JSONMember("startViaAPI", .bool(true))])),
        ]))
        let network = try parseConfig(document).config.network
        #expect(network.sweepSubnets == [.subnet(try IPv4Subnet("198.51.100.0/24")), .routed(try IPv4Subnet("203.0.113.0/24"))])
        #expect(network.maxProbes == 100 && network.sweepIntervalSeconds == 0 && network.preferIPv6 && network.wol.startViaAPI)
        #expect(network.selection.allowIPv6, "prefer ipv6 implies ipv6")
        let defaults = NetworkSettings()
        #expect(defaults.maxProbes == 256 && defaults.sweepIntervalSeconds == 3600 && !defaults.preferIPv6 && !defaults.wol.startViaAPI)

        let badPrefer = configBaseDocument.setting("network", .object([JSONMember("prefer", .string("v6"))]))
        let preferError = #expect(throws: ConfigError.self) { try parseConfig(badPrefer) }
        #expect(preferError?.description.contains("network.prefer") == true && preferError?.description.contains("\"ipv6\"") == true)
        let badEntry = configBaseDocument.setting("network", .object([JSONMember("sweepSubnets", .array([.object([JSONMember("subnet", .string("nope"))])]))]))
        let entryError = #expect(throws: ConfigError.self) { try parseConfig(badEntry) }
        #expect(entryError?.description.contains("network.sweepSubnets[0].subnet") == true, "\(String(describing: entryError))")
        for nonsense in ["0.0.0.0", "127.0.0.1", "224.0.0.1"] {
            let wol = configBaseDocument.setting("network", .object([JSONMember("wol", .object([JSONMember("broadcast", .string(nonsense))]))]))
            let error = #expect(throws: ConfigError.self) { try parseConfig(wol) }
            #expect(error?.description.contains("network.wol.broadcast") == true, "\(nonsense)")
        }
        let zeroBudget = configBaseDocument.setting("network", .object([JSONMember("maxProbes", .integer(0))]))
        #expect(throws: ConfigError.self) { try parseConfig(zeroBudget) }
    }

    @Test("external protocols accept a list or the notes' comma form, case-insensitively")
    func externalProtocols() throws {
        let list = try parseConfig(configExternalDocument.setting("external.0.protocols", .array([.string("RDP"), .string("ssh")])))
        #expect(list.config.external.first?.protocols == [.rdp, .ssh])
        let text = try parseConfig(configExternalDocument.setting("external.0.protocols", .string("vnc, ssh")))
        #expect(text.config.external.first?.protocols == [.vnc, .ssh])
    }
}
