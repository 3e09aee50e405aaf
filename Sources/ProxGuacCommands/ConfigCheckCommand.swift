import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto

/// `proxguac config check`: validate the config and print the effective values (secrets redacted).
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective settings (secrets shown as <redacted>).",
        discussion: "Defaults are filled in; each secret shows where it came from (environment variable, file or inline). When an encryption key is configured it is loaded to check it. Warnings go to stderr. Exit code 2 when the configuration is invalid."
    )

    /// Version of the `--json` document layout.
    static let schemaVersion = 1

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    func run() async throws {
        try await withErrorReporting {
            try bootstrapLogging(globals)
            let loaded = try globals.loadConfig()
            let keyIDs = try encryptionKeyIDs(loaded.config.encryption)
            let clusterKeyIDs = try self.clusterKeyIDs(loaded.config)
            if json {
                var members = [
                    JSONMember("schemaVersion", .integer(Self.schemaVersion)),
                    JSONMember("file", .string(loaded.path)),
                    JSONMember("warnings", .array(loaded.warnings.map { .string($0.description) })),
                    JSONMember("config", loaded.config.effectiveJSON),
                    JSONMember("encryptionKeyIds", .array(keyIDs.map(JSONValue.string))),
                ]
                if !clusterKeyIDs.isEmpty {
                    members.append(JSONMember("clusterEncryptionKeyIds", .object(clusterKeyIDs.map { JSONMember($0.name, .string($0.id)) })))
                }
                print(JSONWriter.pretty(.object(members)), terminator: "")
            } else {
                print("\(loaded.path): valid")
                for line in loaded.config.effectiveLines { print(line) }
                if !keyIDs.isEmpty { print("encryption keys: ok (ids \(keyIDs.joined(separator: ", ")))") }
                for key in clusterKeyIDs { print("cluster \"\(key.name)\" encryption key: ok (id \(key.id))") }
            }
        }
    }

    /// Loads the encryption keys (when a key is configured) to prove they are readable and valid;
    /// returns their ids, current key first.
    /// Loads each named cluster's own key (`proxmox[i].encryptionKeyFile`) the same way; returns its id by cluster.
    private func clusterKeyIDs(_ config: ProxGuacConfig) throws(CryptoError) -> [(name: String, id: String)] {
        var result: [(name: String, id: String)] = []
        for cluster in config.clusters where cluster.encryptionKeyOrigin != nil {
            guard let name = cluster.name, let key = try PasswordCipher.load(config.encryption(for: name)).current else { continue }
            result.append((name.text, key.id))
        }
        return result
    }

    private func encryptionKeyIDs(_ config: EncryptionConfig) throws(CryptoError) -> [String] {
        guard config.keyOrigin != nil || config.legacyPassphraseOrigin != nil else { return [] }
        let cipher = try PasswordCipher.load(config)
        return cipher.loadedKeys.map { "\($0.id)" }
    }
}
