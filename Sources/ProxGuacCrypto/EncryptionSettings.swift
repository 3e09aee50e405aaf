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

    public init(keyFile: String? = nil, previousKeyFiles: [String] = [], legacyPassphraseFile: String? = nil) {
        self.keyFile = keyFile
        self.previousKeyFiles = previousKeyFiles
        self.legacyPassphraseFile = legacyPassphraseFile
    }
}

extension PasswordCipher {
    /// Builds the key ring `settings` describe. `environment` is injected (pass `ProcessInfo.processInfo.environment`).
    public static func load(_ settings: EncryptionSettings, environment: [String: String]) throws(CryptoError) -> PasswordCipher {
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
