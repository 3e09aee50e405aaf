/// Where an entry's password comes from: written in the clear, encrypted by proxguac, or an SSH key
/// of the config named by `key:"NAME"` (the key itself is never in the notes).
///
/// Printing either case never shows the secret or the ciphertext.
public enum PasswordSource: Sendable, Hashable, CustomStringConvertible {
    /// `pass:"…"` or `password:"…"`.
    case plain(Secret)
    /// `encrypted_password:"…"`: ciphertext the crypto module can open.
    case encrypted(String)
    /// `key:"NAME"`: the config's `credentials.sshKeys.NAME` (ssh only; allowed guests only).
    case sshKey(String)

    /// The `credentials.sshKeys` name, when the entry names a key instead of a password.
    public var sshKeyName: String? {
        if case .sshKey(let name) = self { return name }
        return nil
    }

    public var isEncrypted: Bool {
        if case .encrypted = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .plain: "<redacted plain password>"
        case .encrypted: "<redacted encrypted password>"
        case .sshKey(let name): "SSH key \(name)"
        }
    }
}
