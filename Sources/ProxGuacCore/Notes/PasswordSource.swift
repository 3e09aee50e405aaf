/// Where an entry's password comes from: written in the clear, or encrypted by proxguac.
///
/// Printing either case never shows the secret or the ciphertext.
public enum PasswordSource: Sendable, Hashable, CustomStringConvertible {
    /// `pass:"…"` or `password:"…"`.
    case plain(Secret)
    /// `encrypted_password:"…"`: ciphertext the crypto module can open.
    case encrypted(String)

    public var isEncrypted: Bool {
        if case .encrypted = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .plain: "<redacted plain password>"
        case .encrypted: "<redacted encrypted password>"
        }
    }
}
