/// `encryption.*`: where the password encryption keys are (all optional).
///
/// Only paths and sources: ProxGuacCrypto reads and checks the keys (`EncryptionSettings(config.encryption)`
/// in ProxGuacCommands, then `PasswordCipher.load`), so key material is handled in one place.
/// Relative paths are already resolved against the config file's directory.
public struct EncryptionConfig: Sendable, Equatable {
    public var keyFile: String?
    public var previousKeyFiles: [String]
    public var legacyPassphraseFile: String?
    /// Where the current key will come from: `PROXGUAC_ENCRYPTION_KEY` wins over `keyFile`; nil when neither is set.
    public var keyOrigin: SecretOrigin?
    /// Where the legacy passphrase will come from: `PROXGUAC_LEGACY_PASSPHRASE` wins over `legacyPassphraseFile`.
    public var legacyPassphraseOrigin: SecretOrigin?
    /// A cluster's own key (`proxmox[i].encryptionKeyFile`), set only on the copy ``ProxGuacConfig/encryption(for:)``
    /// makes for that cluster: it seals new values, and the global key still opens older ones.
    public var clusterKeyFile: String?
    /// The cluster's own key variable (`PROXGUAC_ENCRYPTION_KEY_<NAME>`), wins over `clusterKeyFile`.
    public var clusterKeyVariable: String?

    public init(
        keyFile: String? = nil, previousKeyFiles: [String] = [], legacyPassphraseFile: String? = nil,
        keyOrigin: SecretOrigin? = nil, legacyPassphraseOrigin: SecretOrigin? = nil
    ) {
        self.keyFile = keyFile
        self.previousKeyFiles = previousKeyFiles
        self.legacyPassphraseFile = legacyPassphraseFile
        self.keyOrigin = keyOrigin
        self.legacyPassphraseOrigin = legacyPassphraseOrigin
    }
}
