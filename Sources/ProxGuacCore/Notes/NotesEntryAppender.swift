/// Adds a credential entry to a guest's notes (`proxguac add --user … --protocols … --password-file …`): one
/// line at the end, every other byte kept. Refuses what would not read back as exactly that entry.
public enum NotesEntryAppender {
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// `text` with `user:"USER" pass:"…" protos:"…";` (or `encrypted_password:"…"`) on a new last line.
    public static func appending(user: String, password: PasswordSource, protocols: [GuestProtocol],
                                 to text: String) throws(Refusal) -> String {
        guard !user.isEmpty, user.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }),
              user == user.trimmingWhitespace() else {
            throw Refusal(description: "the user name must be one line without leading or trailing spaces")
        }
        let secret: String
        let key: String
        switch password {
        case .plain(let plain): (secret, key) = (plain.value, "pass")
        case .encrypted(let token): (secret, key) = (token, "encrypted_password")
        case .sshKey(let name): (secret, key) = (name, "key")
        }
        guard !secret.isEmpty, !secret.contains(where: \.isNewline), secret == secret.trimmingWhitespace() else {
            throw Refusal(description: "the password must be one line without leading or trailing spaces")
        }
        guard !protocols.isEmpty else { throw Refusal(description: "name at least one protocol (rdp, vnc, ssh)") }
        let before = NotesParser.parse(text)
        if let existing = before.entries.first(where: { $0.username == user }) {
            throw Refusal(description: "the notes already have an entry for user '\(user)' (line \(existing.location.start.line)): edit it instead")
        }
        let line = "user:\(NotesRenderer.quoted(user)) \(key):\(NotesRenderer.quoted(secret)) "
            + "protos:\(NotesRenderer.quoted(protocols.map(\.rawValue).joined(separator: ",")));"
        let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
        let updated = text + separator + line
        let after = NotesParser.parse(updated)
        guard after.entries.count == before.entries.count + 1,
              let added = after.entries.last, added.username == user, added.protocols == protocols else {
            throw Refusal(description: "the notes would not read back with the new entry (an unclosed quote or entry above it?): "
                + "fix them with `proxguac notes check` first")
        }
        return updated
    }
}
