import ProxGuacCore

/// The `encryption` section of the config, and where each key comes from.
///
/// - current key: `PROXGUAC_ENCRYPTION_KEY` (key-file text) if set and non-empty, else `keyFile`;
/// - previous keys: `previousKeyFiles`, in order;
/// - legacy passphrase: `PROXGUAC_LEGACY_PASSPHRASE` if set and non-empty, else `legacyPassphraseFile`
///   (its trailing newline is dropped).
public struct EncryptionSettings: Sendable, Equatable {
    public static let keyEnvironmentVariable = "PROXGUAC_ENCRYPTION_KEY"
    public static let legacyPassphraseEnvironmentVariable = "PROXGUAC_LEGACY_PASSPHRASE"
    /// Where `proxguac keygen` writes when `--output` is not given.
    public static let defaultKeyFile = "/etc/proxguac/encryption.key"

    public var keyFile: String?
    public var previousKeyFiles: [String]
    public var legacyPassphraseFile: String?
    /// A cluster's own key (`proxmox[i].encryptionKeyFile`): when set (or `clusterKeyVariable` is), it seals new
    /// values and the global key joins the previous keys.
    public var clusterKeyFile: String?
    /// `PROXGUAC_ENCRYPTION_KEY_<NAME>`: wins over `clusterKeyFile` when set and non-empty.
    public var clusterKeyVariable: String?

    public init(keyFile: String? = nil, previousKeyFiles: [String] = [], legacyPassphraseFile: String? = nil,
                clusterKeyFile: String? = nil, clusterKeyVariable: String? = nil) {
        self.keyFile = keyFile
        self.previousKeyFiles = previousKeyFiles
        self.legacyPassphraseFile = legacyPassphraseFile
        self.clusterKeyFile = clusterKeyFile
        self.clusterKeyVariable = clusterKeyVariable
    }
}

extension PasswordCipher {
    /// Builds the key ring `settings` describe. `environment` is injected (pass `ProcessInfo.processInfo.environment`).
    public static func load(_ settings: EncryptionSettings, environment: [String: String]) throws(CryptoError) -> PasswordCipher {
        if let clusterKey = try clusterKey(settings, environment) {
            // The cluster's own key seals; the global keys (if any) still open what they made.
            var global = settings
            global.clusterKeyFile = nil
            global.clusterKeyVariable = nil
            let globalRing = settings.keyFile != nil || !(environment[EncryptionSettings.keyEnvironmentVariable] ?? "").isEmpty
                ? try load(global, environment: environment) : nil
            var previous = globalRing?.loadedKeys ?? []
            if globalRing == nil {
                for file in settings.previousKeyFiles { previous.append(try EncryptionKey.load(file: file)) }
            }
            return PasswordCipher(current: clusterKey, previous: previous.filter { $0.id != clusterKey.id },
                                  legacyPassphrase: try legacyPassphrase(settings, environment))
        }
        let current: EncryptionKey
        if let text = environment[EncryptionSettings.keyEnvironmentVariable], !text.isEmpty {
            current = try EncryptionKey.parse(text: text, origin: "environment variable \(EncryptionSettings.keyEnvironmentVariable)")
        } else if let keyFile = settings.keyFile {
            current = try EncryptionKey.load(file: keyFile)
        } else if let passphrase = try legacyPassphrase(settings, environment) {
            // The original's values can be read with its passphrase alone; new values need a key.
            return .legacyOnly(passphrase: passphrase)
        } else {
            throw .noKeyConfigured
        }
        var previous: [EncryptionKey] = []
        for file in settings.previousKeyFiles {
            previous.append(try EncryptionKey.load(file: file))
        }
        return PasswordCipher(current: current, previous: previous, legacyPassphrase: try legacyPassphrase(settings, environment))
    }

    private static func clusterKey(_ settings: EncryptionSettings, _ environment: [String: String]) throws(CryptoError) -> EncryptionKey? {
        if let variable = settings.clusterKeyVariable, let text = environment[variable], !text.isEmpty {
            return try EncryptionKey.parse(text: text, origin: "environment variable \(variable)")
        }
        return try settings.clusterKeyFile.map { file throws(CryptoError) in try EncryptionKey.load(file: file) }
    }

    private static func legacyPassphrase(_ settings: EncryptionSettings, _ environment: [String: String]) throws(CryptoError) -> Secret? {
        let variable = EncryptionSettings.legacyPassphraseEnvironmentVariable
        if let text = environment[variable], !text.isEmpty {
            return Secret(text)
        }
        guard let path = settings.legacyPassphraseFile else { return nil }
        var bytes: [UInt8]
        do {
            bytes = try SmallFile.contents(of: path)
        } catch {
            throw .passphraseUnreadable(path: path, reason: error.reason)
        }
        defer { wipe(&bytes) }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { throw .passphraseEmpty(origin: "file \(path)") }
        return Secret(String(decoding: bytes, as: UTF8.self))
    }
}
