/// Why notes could not be edited in place. Messages never contain a password.
public enum NotesEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No valid entry yields a connection for this user and protocol.
    case entryNotFound(username: String, proto: GuestProtocol)
    /// A new value cannot be written into notes (`field` names the key; `reason` says why).
    case unwritableValue(field: String, reason: String)
    /// The edited notes no longer parse to the intended entry; nothing was changed.
    case verificationFailed(username: String, proto: GuestProtocol)
    /// Encrypting the passwords would change how the notes read (e.g. an unterminated quote that the
    /// inserted ciphertext would close); nothing was changed.
    case migrationUnsafe

    public var description: String {
        switch self {
        case let .entryNotFound(username, proto):
            "the notes have no valid entry for user '\(username)' with \(proto.rawValue): run `proxguac notes check` on them"
        case let .unwritableValue(field, reason):
            "cannot write '\(field)' into the notes: \(reason)"
        case let .verificationFailed(username, proto):
            "editing the entry for user '\(username)' with \(proto.rawValue) would change the notes in an unexpected way; "
                + "the notes were left as they are, please edit them by hand"
        case .migrationUnsafe:
            "encrypting the passwords would change how these notes read (look for an unterminated quote with "
                + "`proxguac notes check`); the notes were left as they are: fix the quoting, then run it again"
        }
    }
}
