import Testing
@testable import ProxGuacCore

/// Seeded properties over thousands of generated notes; a failure names the seed to replay.
struct NotesPropertyTests {
    @Test(arguments: [false, true])
    func parsingRenderedEntriesGivesThemBack(canonical: Bool) {
        var generator = NotesGenerator(seed: canonical ? 0xC0FFEE : 0xBADC0DE)
        for round in 0..<400 {
            let entries = (0..<generator.int(1...4)).map { generator.entry(index: $0) }
            let notes = generator.notes(entries, canonical: canonical)
            let parsed = NotesParser.parse(notes)
            #expect(parsed.errors.isEmpty, "round \(round): \(parsed.errors)\n\(notes)")
            #expect(parsed.summaries == entries.map(EntrySummary.init), "round \(round):\n\(notes)")
        }
    }

    @Test func migrationChangesNothingButThePasswords() throws {
        var generator = NotesGenerator(seed: 42)
        let encrypt: (String) -> String = { "enc:" + String($0.reversed()) }
        for round in 0..<400 {
            let entries = (0..<generator.int(1...4)).map { generator.entry(index: $0) }
            let notes = generator.notes(entries, canonical: false)
            let migration = try NotesRewriter.encryptPasswords(in: notes, encrypt: encrypt)

            let expected = entries.map { entry in
                var migrated = EntrySummary(entry)
                if case let .plain(secret) = entry.password { migrated.password = "encrypted:" + encrypt(secret.value) }
                return migrated
            }
            #expect(NotesParser.parse(migration.text).summaries == expected, "round \(round):\n\(notes)")
            #expect(migration.encryptedEntries == entries.filter { !$0.password.isEncrypted }.count)
            #expect(withoutPasswordPairs(migration.text) == withoutPasswordPairs(notes), "round \(round):\n\(notes)")
        }
    }

    @Test func editsChangeOnlyTheEditedEntry() throws {
        var generator = NotesGenerator(seed: 7)
        for round in 0..<300 {
            let entries = (0..<generator.int(1...4)).map { generator.entry(index: $0) }
            let notes = generator.notes(entries, canonical: false)
            let target = generator.pick(entries)
            let proto = generator.pick(target.protocols)
            let port = generator.int(1...65535)
            let edited = try NotesRewriter.update(notes, username: target.username, proto: proto,
                                                  with: .init(password: .encrypted("c\(round)"), port: port))
            let parsed = NotesParser.parse(edited)
            #expect(parsed.errors.isEmpty, "round \(round)")
            let summaries = entries.map { entry in
                guard entry.username == target.username else { return EntrySummary(entry) }
                var changed = EntrySummary(entry)
                changed.password = "encrypted:c\(round)"
                changed.ports[proto] = port
                return changed
            }
            #expect(parsed.summaries == summaries, "round \(round):\n\(notes)")
            #expect(outsideEntries(edited) == outsideEntries(notes), "round \(round)")
        }
    }

    /// The text with every password pair cut out.
    private func withoutPasswordPairs(_ text: String) -> String {
        let document = NotesDocument(text)
        var edits = TextEdits(document.bytes)
        for pair in document.chunks.flatMap(\.pairs) where NotesField(key: pair.key)?.holdsSecret == true {
            edits.replace(pair.range, with: "")
        }
        return edits.applied()
    }

    /// The text with every entry cut out: the free text around them.
    private func outsideEntries(_ text: String) -> String {
        let document = NotesDocument(text)
        var edits = TextEdits(document.bytes)
        for entry in document.parsed.entries { edits.replace(entry.location.offsets, with: "<entry>") }
        return edits.applied()
    }
}
