import Foundation
import ProxGuacCore
import ProxGuacCrypto

extension ProxGuacCrypto.EncryptionSettings {
    /// The crypto module's view of the config's `encryption` section; `PasswordCipher.load` reads the keys.
    public init(_ config: EncryptionConfig) {
        self.init(keyFile: config.keyFile, previousKeyFiles: config.previousKeyFiles, legacyPassphraseFile: config.legacyPassphraseFile,
                  clusterKeyFile: config.clusterKeyFile, clusterKeyVariable: config.clusterKeyVariable)
    }
}

extension PasswordCipher {
    /// The keys the config's `encryption` section names (or `PROXGUAC_ENCRYPTION_KEY` in `environment`).
    public static func load(_ config: EncryptionConfig,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(CryptoError) -> PasswordCipher {
        try load(EncryptionSettings(config), environment: environment)
    }
}

extension CredentialPlace {
    /// What a value written here is bound to: the cluster's name (none for the unnamed cluster), the vmid and the user.
    public var binding: CiphertextBinding { CiphertextBinding(vmid: vmid, user: user, cluster: cluster?.text) }
}
