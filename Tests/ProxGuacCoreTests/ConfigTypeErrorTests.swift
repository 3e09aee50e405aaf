import ProxGuacCore
import Testing

/// One case: which base document, the dotted path to change, the wrong value, and the key path the error must name.
struct ConfigTypeCase: CustomTestStringConvertible, Sendable {
    enum Base: Sendable { case token, ticket, external }
    var base: Base = .token
    var path: String
    var value: JSONValue
    var reported: String? = nil

    var testDescription: String { "\(path) = \(JSONWriter.compact(value))" }

    var document: JSONValue {
        let start = switch base {
        case .token: configBaseDocument
        case .ticket: configTicketDocument
        case .external: configExternalDocument
        }
        return start.setting(path, value)
    }

    /// The key path the message must contain, e.g. `external[0].name` for `external.0.name`.
    var expectedKeyPath: String {
        reported ?? path.split(separator: ".").reduce("") { path, part in
            Int(part) != nil ? "\(path)[\(part)]" : (path.isEmpty ? String(part) : "\(path).\(part)")
        }
    }
}

@Suite("Config: every key rejects a value of the wrong type")
struct ConfigTypeErrorTests {
    static let cases: [ConfigTypeCase] = [
        .init(path: "proxmox", value: .string("x")),
        .init(path: "proxmox.url", value: .integer(3)),
        .init(path: "proxmox.tokenId", value: .bool(true)),
        .init(path: "proxmox.tokenSecret", value: .integer(5)),
        .init(path: "proxmox.tokenSecretFile", value: .array([])),
        .init(base: .ticket, path: "proxmox.username", value: .integer(1)),
        .init(base: .ticket, path: "proxmox.password", value: .bool(false)),
        .init(base: .ticket, path: "proxmox.passwordFile", value: .object([])),
        .init(path: "proxmox.tls", value: .string("on")),
        .init(path: "proxmox.tls.verify", value: .string("yes")),
        .init(path: "proxmox.tls.caFile", value: .integer(1)),
        .init(path: "proxmox.tls.fingerprint", value: .integer(2)),
        .init(path: "proxmox.maxConcurrentPerNode", value: .string("3")),
        .init(path: "proxmox.maxConcurrentPerNode", value: .number("2.5")),
        .init(path: "guacamole", value: .array([])),
        .init(path: "guacamole.url", value: .array([])),
        .init(path: "guacamole.username", value: .integer(7)),
        .init(path: "guacamole.password", value: .integer(7)),
        .init(path: "guacamole.passwordFile", value: .bool(true)),
        .init(path: "guacamole.dataSource", value: .integer(1)),
        .init(path: "guacamole.tls.verify", value: .integer(0)),
        .init(path: "encryption", value: .string("x")),
        .init(path: "encryption.keyFile", value: .integer(1)),
        .init(path: "encryption.previousKeyFiles", value: .string("/k")),
        .init(path: "encryption.previousKeyFiles", value: .array([.integer(1)]), reported: "encryption.previousKeyFiles[0]"),
        .init(path: "encryption.legacyPassphraseFile", value: .bool(false)),
        .init(path: "sync", value: .integer(1)),
        .init(path: "sync.rootGroup", value: .integer(1)),
        .init(path: "sync.connectionName", value: .array([])),
        .init(path: "sync.groupPerGuest", value: .string("true")),
        .init(path: "sync.groupName", value: .bool(true)),
        .init(path: "sync.deleteOrphans", value: .integer(0)),
        .init(path: "sync.stateFile", value: .integer(1)),
        .init(path: "sync.include", value: .array([])),
        .init(path: "sync.include.tags", value: .string("guac")),
        .init(path: "sync.include.tagMatch", value: .integer(1)),
        .init(path: "sync.include.nodes", value: .string("pve1")),
        .init(path: "sync.include.pools", value: .integer(1)),
        .init(path: "sync.include.vmids", value: .array([.string("100")]), reported: "sync.include.vmids[0]"),
        .init(path: "sync.include.status", value: .string("running")),
        .init(path: "sync.exclude.tags", value: .array([.bool(true)]), reported: "sync.exclude.tags[0]"),
        .init(path: "sync.includeTemplates", value: .string("no")),
        .init(path: "sync.grant", value: .array([])),
        .init(path: "sync.grant.users", value: .string("alice")),
        .init(path: "sync.grant.groups", value: .integer(1)),
        .init(path: "sync.concurrency", value: .number("1.5")),
        .init(path: "external", value: .object([])),
        .init(base: .external, path: "external.0", value: .string("nas")),
        .init(base: .external, path: "external.0.name", value: .integer(1)),
        .init(base: .external, path: "external.0.host", value: .bool(true)),
        .init(base: .external, path: "external.0.protocols", value: .integer(22)),
        .init(base: .external, path: "external.0.username", value: .array([])),
        .init(base: .external, path: "external.0.password", value: .integer(1)),
        .init(base: .external, path: "external.0.passwordFile", value: .integer(1)),
        .init(base: .external, path: "external.0.port", value: .string("22")),
        .init(base: .external, path: "external.0.group", value: .integer(1)),
        .init(path: "network", value: .bool(true)),
        .init(path: "network.sweepSubnets", value: .string("auto")),
        .init(path: "network.sweepRate", value: .string("200")),
        .init(path: "network.sweepTimeoutMs", value: .bool(true)),
        .init(path: "network.allowLargeSweep", value: .integer(1)),
        .init(path: "network.ipv6", value: .string("no")),
        .init(path: "network.startStoppedForDiscovery", value: .array([])),
        .init(path: "network.wol", value: .integer(1)),
        .init(path: "network.wol.broadcast", value: .integer(255)),
        .init(path: "network.wol.port", value: .string("9")),
    ]

    @Test("wrong type: one line naming the key path and what to write instead", arguments: cases)
    func wrongType(_ testCase: ConfigTypeCase) throws {
        let error = try #require(configError(testCase.document))
        #expect(error.kind == .wrongType)
        #expect(error.keyPath == testCase.expectedKeyPath)
        #expect(error.description.hasPrefix("config.json: \(testCase.expectedKeyPath): expected "))
        #expect(error.description.contains("write it like"))
        #expect(!error.description.contains("\n"))
        #expect(error.exitCode == 2)
    }

    @Test("a type error never echoes the value, so a misplaced secret stays hidden")
    func typeErrorHidesValue() throws {
        let error = try #require(configError(configBaseDocument.setting("proxmox.tokenSecret", .array([.string("hunter2-secret")]))))
        #expect(!error.description.contains("hunter2-secret"))
    }

    @Test("the document root must be an object")
    func rootNotObject() throws {
        let error = try #require(configError(.array([])))
        #expect(error.kind == .wrongType)
        #expect(error.description.contains("one JSON object"))
    }
}
