import ProxGuacCore
import Testing

@Suite("Config: unknown keys, missing keys and invalid values")
struct ConfigValidationTests {
    @Test("an unknown key names the closest known key", arguments: [
        ("proxmox.tokenSecert", "did you mean proxmox.tokenSecret?"),
        ("proxmox.token_id", "did you mean proxmox.tokenId?"),
        ("proxmx", "did you mean proxmox?"),
        ("guacamole.datasource", "did you mean guacamole.dataSource?"),
        ("sync.include.tag", "did you mean sync.include.tags?"),
        ("network.wol.brodcast", "did you mean network.wol.broadcast?"),
        ("proxmox.tls.verfy", "did you mean proxmox.tls.verify?"),
    ])
    func unknownKeyWithSuggestion(path: String, suggestion: String) throws {
        let error = try #require(configError(configBaseDocument.setting(path, .bool(true))))
        #expect(error.kind == .unknownKey)
        #expect(error.description == "config.json: \(path): unknown key: \(suggestion)")
    }

    @Test("an unknown key with no close match lists the keys that are allowed there")
    func unknownKeyWithoutSuggestion() throws {
        let error = try #require(configError(configBaseDocument.setting("network.banana", .bool(true))))
        #expect(error.description.hasPrefix("config.json: network.banana: unknown key: remove it; known keys here: sweepSubnets, "))
    }

    @Test("a missing required key is named with how to add it", arguments: [
        (configBaseDocument.removing("proxmox"), "proxmox"),
        (configBaseDocument.removing("guacamole"), "guacamole"),
        (configBaseDocument.removing("proxmox.url"), "proxmox.url"),
        (configBaseDocument.removing("guacamole.url"), "guacamole.url"),
        (configBaseDocument.removing("guacamole.username"), "guacamole.username"),
        (configBaseDocument.removing("proxmox.tokenId"), "proxmox.tokenId"),
        (configExternalDocument.removing("external.0.host"), "external[0].host"),
        (configExternalDocument.removing("external.0.protocols"), "external[0].protocols"),
        (configExternalDocument.removing("external.0.password"), "external[0].password"),
    ])
    func missingKey(document: JSONValue, keyPath: String) throws {
        let error = try #require(configError(document))
        #expect(error.kind == .missing)
        #expect(error.description.hasPrefix("config.json: \(keyPath): missing: "))
        #expect(!error.description.contains("\n"))
    }

    @Test("a missing secret names the file key and the environment variable that could supply it", arguments: [
        (configBaseDocument.removing("proxmox.tokenSecret"), "proxmox.tokenSecret", "PROXGUAC_PROXMOX_TOKEN_SECRET"),
        (configTicketDocument.removing("proxmox.password"), "proxmox.password", "PROXGUAC_PROXMOX_PASSWORD"),
        (configBaseDocument.removing("guacamole.password"), "guacamole.password", "PROXGUAC_GUACAMOLE_PASSWORD"),
    ])
    func missingSecret(document: JSONValue, keyPath: String, variable: String) throws {
        let error = try #require(configError(document))
        #expect(error.description == "config.json: \(keyPath): missing: set \(keyPath)File or \(variable) (or \(keyPath), less safe)")
    }

    @Test("invalid values are rejected with the key path and a fix", arguments: [
        ("proxmox.url", JSONValue.string("ftp://pve.example.org"), "must start with https://"),
        ("proxmox.url", .string("https://"), "has no host name"),
        ("proxmox.url", .string("https://pve.example.org:8006/api2/json"), "should not end with /api2/json"),
        ("proxmox.url", .string("https://pve.example.org:8006/?x=1"), "?query"),
        ("guacamole.url", .string("https://guac.example.org/guacamole/api"), "should not end with /api"),
        ("proxmox.tokenId", .string("proxguac@pve"), "use user@realm!tokenname"),
        ("proxmox.tokenId", .string("proxguac!sync"), "use user@realm!tokenname"),
        ("proxmox.tokenId", .string("proxguac@pve!1x"), "use user@realm!tokenname"),
        ("proxmox.tls.fingerprint", .string("AB:CD"), "32 colon-separated hex bytes"),
        ("proxmox.maxConcurrentPerNode", .integer(0), "use a number from 1 to 64"),
        ("sync.concurrency", .integer(100_000), "use a number from 1 to 256"),
        ("sync.rootGroup", .string("  "), "is empty"),
        ("sync.include.tagMatch", .string("some"), "use \"any\" or \"all\""),
        ("sync.include.status", .array([.string("runing")]), "use one of running, stopped"),
        ("sync.include.vmids", .array([.integer(5)]), "use a number from 100 to 999999999"),
        ("network.sweepSubnets", .array([.string("203.0.113.0/33")]), "is not an IPv4 CIDR subnet"),
        ("network.sweepSubnets", .array([.string("300.0.113.0/24")]), "is not an IPv4 CIDR subnet"),
        ("network.sweepSubnets", .array([.string("203.0.113.7")]), "is not an IPv4 CIDR subnet"),
        ("network.sweepSubnets", .array([.string("198.18.0.0/15")]), "set network.allowLargeSweep to true"),
        ("network.sweepRate", .integer(0), "use a number from 1 to 10000"),
        ("network.wol.broadcast", .string("255.255.255"), "is not an IPv4 address"),
        ("network.wol.port", .integer(70_000), "use a number from 1 to 65535"),
    ])
    func invalidValue(path: String, value: JSONValue, fix: String) throws {
        let error = try #require(configError(configBaseDocument.setting(path, value)))
        #expect(error.kind == .invalidValue)
        #expect(error.keyPath?.hasPrefix(path) == true)
        #expect(error.description.hasPrefix("config.json: \(path)"))
        #expect(error.description.contains(fix))
        #expect(!error.description.contains("\n"))
    }

    @Test("a URL with credentials is rejected without echoing them")
    func urlWithCredentials() throws {
        let error = try #require(configError(configBaseDocument.setting("proxmox.url", .string("https://root:hunter2pw@pve.example.org"))))
        #expect(error.description.contains("must not contain a user name or password"))
        #expect(!error.description.contains("hunter2pw"))
    }

    @Test("token and password login together are refused")
    func tokenAndPassword() throws {
        let error = try #require(configError(configBaseDocument.setting("proxmox.username", .string("root@pam"))))
        #expect(error.description.contains("not both"))
    }

    @Test("secrets for the other login mode are refused instead of ignored")
    func wrongModeSecret() throws {
        let error = try #require(configError(configBaseDocument.setting("proxmox.passwordFile", .string("/x"))))
        #expect(error.description == "config.json: proxmox.passwordFile: only used with proxmox.username: remove it")
    }

    @Test("a password-login user without a realm is refused")
    func usernameWithoutRealm() throws {
        let error = try #require(configError(configTicketDocument.setting("proxmox.username", .string("root"))))
        #expect(error.description.contains("use user@realm, e.g. root@pam"))
    }

    @Test("external hosts need unique names and known protocols")
    func externalRules() throws {
        let duplicate = configExternalDocument.setting("external", .array([
            configExternalDocument.value(at: "external.0"), configExternalDocument.value(at: "external.0"),
        ]))
        #expect(try #require(configError(duplicate)).description.contains("external[1].name: \"nas\" is used by another external entry"))
        let badProtocol = configExternalDocument.setting("external.0.protocols", .string("ssh,ftp"))
        #expect(try #require(configError(badProtocol)).description.contains("\"ftp\" is not a supported protocol"))
    }

    @Test("a large sweep is allowed once network.allowLargeSweep is true")
    func largeSweepAllowed() throws {
        let document = configBaseDocument
            .setting("network.sweepSubnets", .array([.string("198.18.0.0/15")]))
            .setting("network.allowLargeSweep", .bool(true))
        let parsed = try parseConfig(document)
        #expect(parsed.config.network.sweepSubnets == [.subnet(try #require(IPv4CIDR("198.18.0.0/15")))])
    }
}

extension JSONValue {
    /// The value at a dotted path (numbers index lists), `.null` when absent.
    func value(at path: String) -> JSONValue {
        path.split(separator: ".").reduce(self) { value, key in
            switch value {
            case .object(let members): members.first { $0.key == key }?.value ?? .null
            case .array(let items): Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil } ?? .null
            default: .null
            }
        }
    }
}
