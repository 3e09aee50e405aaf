import Testing
@testable import ProxGuacCore

/// Issue 19: every section (not only proxmox and guacamole) reports all its broken settings in one run.
@Suite("Config: every error of every section")
struct ConfigEverySectionErrorsTests {
    @Test("several broken settings in sync, external, network, http and encryption are all reported, in file order")
    func everySectionCollects() throws {
        let document = configBaseDocument
            .setting("encryption.previousKeyFiles", .integer(1))
            .setting("encryption.legacyPassphraseFile", .integer(2))
            .setting("sync.rootGroup", .integer(3))
            .setting("sync.include", .object([JSONMember("tagMatch", .string("most")), JSONMember("status", .array([.string("zombie")]))]))
            .setting("sync.onDrift", .string("sometimes"))
            .setting("external", .array([
                .object([JSONMember("name", .string("nas")), JSONMember("port", .integer(0))]),
            ]))
            .setting("network.sweepRate", .integer(0))
            .setting("network.prefer", .string("ipv5"))
            .setting("http.timeoutMs", .integer(1))
            .setting("http.retry", .object([JSONMember("attempts", .integer(99))]))
        let error = try #require(configError(document))
        let keyPaths = ([error] + error.others).map(\.keyPath)
        #expect(keyPaths == [
            "encryption.previousKeyFiles", "encryption.legacyPassphraseFile",
            "sync.rootGroup", "sync.include.tagMatch", "sync.include.status[0]", "sync.onDrift",
            "external[0].host", "external[0].protocols", "external[0].username", "external[0].password", "external[0].port",
            "network.sweepRate", "network.prefer",
            "http.timeoutMs", "http.retry.attempts",
        ], "\(keyPaths)")
        for one in [error] + error.others { #expect(!one.description.contains("\n")) }
    }

    @Test("sync.notes and sync.defaults report every broken setting too")
    func nestedBlocksCollect() throws {
        let document = configBaseDocument
            .setting("sync.notes", .object([JSONMember("allowParameters", .integer(1)), JSONMember("allowHostNames", .string("yes"))]))
            .setting("sync.defaults", .object([
                JSONMember("preset", .string("nope")),
                JSONMember("rdp", .object([JSONMember("parameters", .integer(2)), JSONMember("attributes", .integer(3))])),
            ]))
        let error = try #require(configError(document))
        let keyPaths = ([error] + error.others).map(\.keyPath)
        #expect(keyPaths == [
            "sync.notes.allowParameters", "sync.notes.allowHostNames",
            "sync.defaults.preset", "sync.defaults.rdp.parameters", "sync.defaults.rdp.attributes",
        ], "\(keyPaths)")
    }

    @Test("credentials.sshKeys reports every broken key in one run")
    func everyBrokenKeyIsReported() throws {
        let document = configBaseDocument.setting("credentials", .object([JSONMember("sshKeys", .object([
            JSONMember("bad name", .object([JSONMember("file", .string("/x"))])),
            JSONMember("deploy", .object([JSONMember("vmids", .array([.integer(101)]))])),
        ]))]))
        let error = try #require(configError(document))
        let keyPaths = ([error] + error.others).map(\.keyPath)
        #expect(keyPaths.count == 2, "\(keyPaths)")
        #expect(keyPaths.last == "credentials.sshKeys.deploy.file", "\(keyPaths)")
    }

    @Test("a valid config still parses to the same settings")
    func validStillParses() throws {
        let document = configBaseDocument
            .setting("sync.rootGroup", .string("Lab"))
            .setting("network.sweepRate", .integer(50))
            .setting("http.retry", .object([JSONMember("attempts", .integer(4))]))
        let config = try parseConfig(document).config
        #expect(config.sync.rootGroup == "Lab")
        #expect(config.network.sweepRate == 50)
        #expect(config.http.retryAttempts == 4)
    }
}
