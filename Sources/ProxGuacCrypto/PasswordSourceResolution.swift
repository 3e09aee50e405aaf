import ProxGuacCore

extension PasswordSource {
    /// The password to hand to Guacamole: `pass:` as written, `encrypted_password:` decrypted, empty for `key:`.
    ///
    /// `cipher` is nil when no key is configured; an encrypted entry then fails with `.noKeyConfigured`.
    /// Errors name the guest and user, never the value.
    public func resolve(with cipher: PasswordCipher?, guest: String, user: String) throws(CredentialDecryptionError) -> Secret {
        switch self {
        case .plain(let secret):
            return secret
        case .sshKey:
            // `key:` entries have no password: the SSH key comes from the config.
            return Secret("")
        case .encrypted(let value):
            guard let cipher else {
                throw CredentialDecryptionError(guest: guest, user: user, cause: .noKeyConfigured)
            }
            return try cipher.decrypt(value, guest: guest, user: user)
        }
    }
}
