/// Edits notes in place: only the bytes of the values concerned change; free text, other entries,
/// key order, quoting and white space elsewhere stay exactly as the user wrote them.
public enum NotesRewriter {
    /// The outcome of ``encryptPasswords(in:encrypt:)``.
    public struct Migration: Sendable, Hashable {
        /// The notes with every plain password replaced.
        public let text: String
        /// How many entries had a plain password encrypted.
        public let encryptedEntries: Int
        /// How many encrypted values were only bound again to their cluster's current name (a renamed or newly
        /// named cluster); counted apart from `encryptedEntries`. Set by the caller's transform.
        public let reboundEntries: Int

        public init(text: String, encryptedEntries: Int, reboundEntries: Int = 0) {
            self.text = text
            self.encryptedEntries = encryptedEntries
            self.reboundEntries = reboundEntries
        }
    }

    /// Replaces each entry's plain password (`pass:"x"` / `password:"x"`) with `encrypted_password:"…"`.
    ///
    /// An entry here is a `;`-chunk with a plain password and a user or protocol key.
    /// The ciphertext takes the place of the plain pair; an entry that already had an
    /// `encrypted_password` gets it overwritten and loses its plain pairs. Entries with errors are
    /// migrated too, so no password stays in the clear; where a password key is repeated, each plain
    /// pair is encrypted in place and none is dropped. `encrypt` receives the password and returns
    /// one line of ciphertext; its errors are passed on.
    public static func encryptPasswords(in text: String, encrypt: (String) throws -> String) throws -> Migration {
        try encryptPasswords(in: text) { password, _ in try encrypt(password) }
    }

    /// ``encryptPasswords(in:encrypt:)`` with the entry's user name (empty when the entry has none) handed to
    /// `encrypt`, so the value can be bound to its guest and user.
    public static func encryptPasswords(in text: String, encryptFor encrypt: (String, String) throws -> String) throws -> Migration {
        let document = NotesDocument(text)
        var edits = TextEdits(document.bytes)
        var encryptedEntries = 0
        for chunk in document.chunks where chunk.isMigratable {
            let user = chunk.winningPair(.username)?.value ?? ""
            let plainPairs = chunk.pairs.filter { NotesField(key: $0.key) == .password && !$0.value.isEmpty }
            guard let plain = chunk.winningPair(.password) else { continue }
            if chunk.repeatsPasswordKey {
                // Which password is meant is the user's call: encrypt each where it is, drop none.
                for pair in plainPairs {
                    let cipher = try encrypt(pair.value, user)
                    try checkWritable(cipher, field: "encrypted_password")
                    edits.replace(pair.range, with: NotesRenderer.pair(.encryptedPassword, cipher))
                }
            } else {
                let cipher = try encrypt(plain.value, user)
                try checkWritable(cipher, field: "encrypted_password")
                replacePassword(in: chunk, plainPairs: plainPairs, with: cipher, edits: &edits)
            }
            encryptedEntries += 1
        }
        let result = edits.applied()
        guard encryptedEntries == 0 || readsTheSame(document.parsed.entries, afterMigration: result) else {
            throw NotesEditError.migrationUnsafe
        }
        return Migration(text: result, encryptedEntries: encryptedEntries)
    }

    /// Whether the migrated notes give the same entries (user and protocols), none of them with a plain
    /// password: the inserted ciphertext must not change how the text around it is read.
    private static func readsTheSame(_ before: [CredentialEntry], afterMigration text: String) -> Bool {
        let after = NotesParser.parse(text).entries
        guard !after.contains(where: { if case .plain = $0.password { true } else { false } }) else { return false }
        let kept = Set(after.map { "\($0.username) \($0.protocols)" })
        return before.allSatisfy { kept.contains("\($0.username) \($0.protocols)") }
    }

    /// Replaces every non-empty `encrypted_password` value with what `reencrypt` returns for it
    /// (used by `rekey`). Values `reencrypt` returns unchanged are left alone, as is every other
    /// byte; `encryptedEntries` counts the values that changed. `reencrypt`'s errors are passed on.
    public static func reencryptPasswords(in text: String, reencrypt: (String) throws -> String) throws -> Migration {
        try reencryptPasswords(in: text) { value, _ in try reencrypt(value) }
    }

    /// ``reencryptPasswords(in:reencrypt:)`` with the entry's user name (empty when none) handed to `reencrypt`.
    public static func reencryptPasswords(in text: String, reencryptFor reencrypt: (String, String) throws -> String) throws -> Migration {
        let document = NotesDocument(text)
        var edits = TextEdits(document.bytes)
        var changed = 0
        for chunk in document.chunks {
            let user = chunk.winningPair(.username)?.value ?? ""
            for pair in chunk.pairs where NotesField(key: pair.key) == .encryptedPassword && !pair.value.isEmpty {
                let cipher = try reencrypt(pair.value, user)
                guard cipher != pair.value else { continue }
                try checkWritable(cipher, field: "encrypted_password", mayBeEmpty: false)
                edits.replace(pair.valueRange, with: NotesRenderer.quoted(cipher))
                changed += 1
            }
        }
        return Migration(text: edits.applied(), encryptedEntries: changed)
    }

    /// Changes fields of the entry that yields the connection for (`username`, `proto`).
    ///
    /// Only values that differ are written. A port goes into `<proto>_port` (or `port` when the entry
    /// has just this protocol and uses it); settings into `<proto>_settings`; new keys are added right
    /// after the entry's last pair. The result is re-parsed and must give the intended entry.
    public static func update(
        _ text: String, username: String, proto: GuestProtocol, with changes: EntryChanges
    ) throws(NotesEditError) -> String {
        let document = NotesDocument(text)
        guard let chunk = document.chunk(username: username, proto: proto),
              let entry = document.parsed.entry(username: username, proto: proto),
              let lastPair = chunk.pairs.last
        else { throw .entryNotFound(username: username, proto: proto) }

        var edits = TextEdits(document.bytes)
        var expected = entry
        if let newName = changes.username, newName != entry.username, let pair = chunk.winningPair(.username) {
            try checkWritable(newName, field: "user", mayBeEmpty: false)
            edits.replace(pair.valueRange, with: NotesRenderer.quoted(newName))
            expected.username = newName
        }
        if let password = changes.password, password != entry.password {
            try setPassword(password, in: chunk, edits: &edits)
            expected.password = password
        }
        if let port = changes.port, port != entry.port(for: proto) {
            guard (1...65535).contains(port) else {
                throw .unwritableValue(field: "\(proto.rawValue)_port", reason: "a port must be from 1 to 65535")
            }
            setPort(port, for: proto, entry: entry, in: chunk, after: lastPair, edits: &edits)
            expected.ports[proto] = port
        }
        if let settings = changes.settings, settings != entry.parameters(for: proto) {
            try setSettings(settings, for: proto, in: chunk, after: lastPair, edits: &edits)
            expected.settings[proto] = settings.isEmpty ? nil : settings
        }
        guard !edits.isEmpty else { return text }

        let result = edits.applied()
        var intended = document.parsed.entries
        if let index = intended.firstIndex(of: entry) { intended[index] = expected }
        guard sameIgnoringLocation(NotesParser.parse(result).entries, intended) else {
            throw .verificationFailed(username: username, proto: proto)
        }
        return result
    }

    /// Whether two entry lists agree in everything but where the entries sit in the text.
    private static func sameIgnoringLocation(_ lhs: [CredentialEntry], _ rhs: [CredentialEntry]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { left, right in
            var moved = left
            moved.location = right.location
            return moved == right
        }
    }

    // MARK: Passwords

    private static func setPassword(_ password: PasswordSource, in chunk: NotesChunk, edits: inout TextEdits) throws(NotesEditError) {
        let plainPairs = chunk.pairs.filter { NotesField(key: $0.key) == .password && !$0.value.isEmpty }
        if chunk.winningPair(.sshKey) != nil || password.sshKeyName != nil {
            // An entry with key: has no password to change, and notes never gain a key from Guacamole.
            throw .unwritableValue(field: "key", reason: "an entry with key: takes its SSH key from the config, not a password")
        }
        switch password {
        case .sshKey:
            return
        case let .encrypted(cipher):
            try checkWritable(cipher, field: "encrypted_password", mayBeEmpty: false)
            replacePassword(in: chunk, plainPairs: plainPairs, with: cipher, edits: &edits)
        case let .plain(secret):
            try checkWritable(secret.value, field: "pass", mayBeEmpty: false)
            if let plain = chunk.winningPair(.password) {
                edits.replace(plain.valueRange, with: NotesRenderer.quoted(secret.value))
            } else if let encrypted = chunk.winningPair(.encryptedPassword) {
                edits.replace(encrypted.range, with: NotesRenderer.pair(.password, secret.value))
            }
        }
    }

    /// Puts `cipher` where the password is: into the existing `encrypted_password`, else in place of the
    /// winning plain pair. Every plain pair not replaced is removed.
    private static func replacePassword(
        in chunk: NotesChunk, plainPairs: [NotesPair], with cipher: String, edits: inout TextEdits
    ) {
        let target: NotesPair?
        if let encrypted = chunk.pairs.first(where: { NotesField(key: $0.key) == .encryptedPassword }) {
            edits.replace(encrypted.valueRange, with: NotesRenderer.quoted(cipher))
            target = nil
        } else {
            target = chunk.winningPair(.password)
            if let target { edits.replace(target.range, with: NotesRenderer.pair(.encryptedPassword, cipher)) }
        }
        for pair in plainPairs where pair != target {
            edits.remove(pair)
        }
    }

    // MARK: Ports and settings

    private static func setPort(
        _ port: Int, for proto: GuestProtocol, entry: CredentialEntry, in chunk: NotesChunk, after lastPair: NotesPair,
        edits: inout TextEdits
    ) {
        let value = NotesRenderer.quoted(String(port))
        if let specific = chunk.winningPair(.portField(for: proto)) {
            edits.replace(specific.valueRange, with: value)
        } else if let shared = chunk.winningPair(.port), entry.protocols == [proto] {
            edits.replace(shared.valueRange, with: value)
        } else {
            edits.insert(" " + NotesRenderer.pair(.portField(for: proto), String(port)), at: lastPair.range.upperBound)
        }
    }

    private static func setSettings(
        _ settings: [GuacamoleParameter], for proto: GuestProtocol, in chunk: NotesChunk, after lastPair: NotesPair,
        edits: inout TextEdits
    ) throws(NotesEditError) {
        let field = NotesField.settingsField(for: proto)
        for parameter in settings {
            guard !parameter.name.isEmpty, !parameter.name.contains(where: { ",=".contains($0) }),
                  !parameter.value.contains(",")
            else {
                throw .unwritableValue(field: field.preferredSpelling,
                                       reason: "setting names need no ',' or '=', and values no ','")
            }
        }
        let value = NotesRenderer.settingsValue(settings)
        try checkWritable(value, field: field.preferredSpelling)
        if let existing = chunk.winningPair(field) {
            if settings.isEmpty {
                edits.remove(existing)
            } else {
                edits.replace(existing.valueRange, with: NotesRenderer.quoted(value))
            }
        } else if !settings.isEmpty {
            edits.insert(" " + NotesRenderer.pair(field, value), at: lastPair.range.upperBound)
        }
    }

    /// Values are written on one line, without surrounding white space (the parser trims it).
    private static func checkWritable(_ value: String, field: String, mayBeEmpty: Bool = true) throws(NotesEditError) {
        if value.contains(where: \.isNewline) {
            throw .unwritableValue(field: field, reason: "the value contains a line break")
        }
        if value != value.trimmingWhitespace() {
            throw .unwritableValue(field: field, reason: "the value starts or ends with white space")
        }
        if !mayBeEmpty, value.isEmpty {
            throw .unwritableValue(field: field, reason: "the value is empty")
        }
    }
}
