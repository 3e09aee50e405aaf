import Foundation
import Testing
@testable import ProxGuacCore

/// Issue 20: a key per cluster (`proxmox[i].encryptionKeyFile`, `PROXGUAC_ENCRYPTION_KEY_<NAME>`), and which older
/// cluster bindings a cluster's guests accept (named for the first time, renamed with `previousNames`).
@Suite("Config: a key per cluster, older bindings")
struct ClusterEncryptionConfigTests {
    static func clusters(_ items: [(String, [JSONMember])]) -> JSONValue {
        configBaseDocument.setting("proxmox", .array(items.map { name, extra in
            .object([JSONMember("name", .string(name)), JSONMember("url", .string("https://pve.\(name):8006")),
                     JSONMember("tokenId", .string("proxguac@pve!sync")), JSONMember("tokenSecret", .string("s-\(name)"))] + extra)
        })).setting("encryption", .object([JSONMember("keyFile", .string("/etc/proxguac/encryption.key"))]))
    }

    @Test("each cluster's own key file, or its environment variable; the other clusters use encryption.keyFile; shown redacted")
    func perClusterKey() throws {
        let document = Self.clusters([("lab", [JSONMember("encryptionKeyFile", .string("lab.key"))]), ("prod-2", []), ("eu", [])])
        var environment = configTestEnvironment
        environment["PROXGUAC_ENCRYPTION_KEY_EU"] = "key text"
        let config = try parseConfig(document, environment: environment).config
        let lab = config.encryption(for: ClusterName("lab"))
        #expect(lab.clusterKeyFile == "/etc/proxguac/lab.key" && lab.keyOrigin == .file(path: "/etc/proxguac/lab.key"))
        #expect(lab.keyFile == "/etc/proxguac/encryption.key", "the global key still opens older values")
        #expect(config.encryption(for: ClusterName("prod-2")) == config.encryption, "no key of its own: the global one")
        let eu = config.encryption(for: ClusterName("eu"))
        #expect(eu.clusterKeyVariable == "PROXGUAC_ENCRYPTION_KEY_EU" && eu.keyOrigin == .environment(variable: "PROXGUAC_ENCRYPTION_KEY_EU"))
        let shown = config.effectiveLines.joined(separator: "\n")
        #expect(shown.contains("proxmox[0].encryptionKeyFile = \"/etc/proxguac/lab.key\""), "\(shown)")
        #expect(shown.contains("proxmox[0].encryptionKey = <redacted> (from file /etc/proxguac/lab.key)"), "\(shown)")
        #expect(shown.contains("proxmox[2].encryptionKey = <redacted> (from environment variable PROXGUAC_ENCRYPTION_KEY_EU)"), "\(shown)")
        #expect(!shown.contains("key text"))
    }

    @Test("encryptionKeyFile on the single unnamed cluster, or not a string: one line each naming the key")
    func keyFileErrors() throws {
        let unnamed = try #require(configError(configBaseDocument.setting("proxmox.encryptionKeyFile", .string("lab.key"))))
        #expect(unnamed.keyPath == "proxmox.encryptionKeyFile" && unnamed.description.contains("encryption.keyFile"), "\(unnamed)")
        #expect(!unnamed.description.contains("\n"))
        let wrong = try #require(configError(Self.clusters([("lab", [JSONMember("encryptionKeyFile", .integer(3))]), ("prod", [])])))
        #expect(wrong.keyPath == "proxmox[0].encryptionKeyFile", "\(wrong)")
    }

    @Test("older bindings: previousNames; no cluster only for the cluster that was the unnamed one")
    func formerBindings() throws {
        let lab = ClusterName("lab")!, prod = ClusterName("prod")!, old = ClusterName("old")!
        let one = try parseConfig(configBaseDocument.setting("proxmox.name", .string("lab"))).config
        #expect(one.formerBindings(of: lab, unnamedBecame: nil) == [nil], "the only cluster: it was the unnamed one")
        #expect(one.formerBindings(of: lab, unnamedBecame: prod) == [], "the state says another cluster was")
        let unnamed = try parseConfig(configBaseDocument).config
        #expect(unnamed.formerBindings(of: nil, unnamedBecame: nil) == [])

        let two = try parseConfig(Self.clusters([("lab", [JSONMember("previousNames", .array([.string("old")]))]), ("prod", [])])).config
        #expect(two.formerBindings(of: lab, unnamedBecame: nil) == [old], "several clusters, none known to have been unnamed")
        #expect(two.formerBindings(of: prod, unnamedBecame: nil) == [])
        #expect(two.formerBindings(of: lab, unnamedBecame: old) == [old, nil], "named old first, renamed lab since")
        #expect(two.formerBindings(of: prod, unnamedBecame: old) == [])
        #expect(two.formerBindings(of: prod, unnamedBecame: prod) == [nil])
    }

    @Test("sightings of a named cluster's guests and the unnamed cluster's new name survive the state file")
    func stateFile() throws {
        var state = SyncState()
        state.ciphertexts.record("v1:abcd1234:data", at: CredentialPlace(cluster: ClusterName("lab"), vmid: 101, user: "deploy"))
        state.ciphertexts.record("v1:abcd1234:data", at: CredentialPlace(vmid: 101, user: "deploy"))
        state.ciphertexts.unnamedBecame = ClusterName("lab")
        let text = String(decoding: state.stateFileBytes(), as: UTF8.self)
        #expect(text.contains("\"lab\\/101:deploy\"") && text.contains("\"101:deploy\"") && text.contains("\"ciphertextsUnnamedCluster\" : \"lab\""), "\(text)")
        let read = try SyncState(stateFileBytes: state.stateFileBytes())
        #expect(read.ciphertexts == state.ciphertexts)
        let here = CredentialPlace(cluster: ClusterName("prod"), vmid: 101, user: "deploy")
        #expect(read.ciphertexts.verdict("v1:abcd1234:data", at: here) != .seenHere, "another cluster's guest 101 is elsewhere")
        #expect(read.ciphertexts.verdict("v1:abcd1234:data", at: here, formerClusters: [ClusterName("lab")]) == .seenHere)
    }

    @Test("the naming migration records which cluster the unnamed one became, and a later rename carries it along")
    func migrationRecordsTheName() throws {
        let lab = ClusterName("lab")!, prod = ClusterName("prod")!
        let plain = ConnectionIdentity.proxmox(vmid: 101, protocolName: "ssh", username: "deploy")
        let observed = [ObservedConnection(identifier: "7", name: "web01", parentIdentifier: "1", protocolName: "ssh",
                                           parameters: ConnectionParameters([IdentityMarker.parameterName: IdentityMarker.encode(plain)]))]
        let naming = try ClusterMigration.plan(cluster: lab, previousNames: [], observed: observed, state: SyncState(), guestVMIDs: [101])
        let named = naming.migrated(SyncState(), observed: observed)
        #expect(named.ciphertexts.unnamedBecame == lab)

        let moved = naming.migrated(observed)
        let rename = try ClusterMigration.plan(cluster: prod, previousNames: [lab], observed: moved, state: named, guestVMIDs: [101])
        #expect(rename.migrated(named, observed: moved).ciphertexts.unnamedBecame == prod)
    }
}
