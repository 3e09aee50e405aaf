import ProxGuacCore
import ProxGuacCrypto

extension ProxGuacCrypto.EncryptionSettings {
    /// The crypto module's view of the config's `encryption` section; `PasswordCipher.load` reads the keys.
    public init(_ config: EncryptionConfig) {
        self.init(keyFile: config.keyFile, previousKeyFiles: config.previousKeyFiles, legacyPassphraseFile: config.legacyPassphraseFile)
    }
}
