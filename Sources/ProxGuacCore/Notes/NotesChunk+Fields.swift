/// What a chunk's pairs say about the notes fields.
extension NotesChunk {
    /// Whether the chunk is meant as an entry: it uses at least one entry key.
    var isEntryCandidate: Bool {
        // A bare `key:` is common prose ("licence key: ABC"); only a quoted one makes an entry.
        !unclosedQuotes.isEmpty || pairs.contains { pair in
            guard let field = NotesField(key: pair.key), field.isEntryField else { return false }
            return field != .sshKey || pair.quote != .bare
        }
    }

    /// Whether the chunk is an entry whose plain password may be rewritten: besides the password it
    /// names a user or a protocol, so prose such as `change pass: weekly;` is left alone.
    var isMigratable: Bool {
        let winners = winningPairs()
        return winners[.password] != nil && (winners[.username] != nil || winners[.protocols] != nil)
    }

    /// Whether one spelling of a password key appears twice (an error the user has to resolve).
    var repeatsPasswordKey: Bool {
        let keys = pairs.filter { NotesField(key: $0.key)?.holdsSecret == true }.map(\.key)
        return Set(keys).count < keys.count
    }

    /// The pair that decides a field: a quoted value over a bare one, then the first spelling present
    /// with a non-empty value.
    func winningPair(_ field: NotesField) -> NotesPair? {
        winningPairs()[field]
    }

    /// The deciding pair of every field present.
    func winningPairs() -> [NotesField: NotesPair] {
        var winners: [NotesField: NotesPair] = [:]
        for pair in pairs where !pair.value.isEmpty {
            guard let field = NotesField(key: pair.key) else { continue }
            if let current = winners[field] {
                let currentQuoted = current.quote != .bare
                if currentQuoted != (pair.quote != .bare) {
                    if currentQuoted { continue }
                } else if field.precedes(current.key, pair.key) {
                    continue
                }
            }
            winners[field] = pair
        }
        return winners
    }
}
