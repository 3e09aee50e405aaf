/// `encryption.*`: keys for passwords stored encrypted (all optional).
/// The key texts are handed over as read (trailing line breaks removed); ProxGuacCrypto decides their format.
public struct EncryptionSettings: Sendable, Equatable {
    /// The current key (`encryption.keyFile` or `PROXGUAC_ENCRYPTION_KEY`).
    public var key: ConfiguredSecret?
    /// Older keys that may still decrypt existing data (`encryption.previousKeyFiles`).
    public var previousKeys: [ConfiguredSecret]
    /// The passphrase of the legacy format (`encryption.legacyPassphraseFile` or `PROXGUAC_LEGACY_PASSPHRASE`).
    public var legacyPassphrase: ConfiguredSecret?
    /// The configured path of the current key file, if any (e.g. for key generation).
    public var keyFile: String?

    public init(key: ConfiguredSecret? = nil, previousKeys: [ConfiguredSecret] = [], legacyPassphrase: ConfiguredSecret? = nil, keyFile: String? = nil) {
        self.key = key
        self.previousKeys = previousKeys
        self.legacyPassphrase = legacyPassphrase
        self.keyFile = keyFile
    }
}
