/// Notes text analysed down to its pairs: what the parser returns, plus the byte-level structure
/// the rewriter needs to edit entries in place.
struct NotesDocument: Sendable {
    let bytes: [UInt8]
    let lines: LineTable
    let chunks: [NotesChunk]
    let parsed: ParsedNotes
    /// For each entry in `parsed.entries`, the index of its chunk.
    let entryChunks: [Int]

    init(_ text: String, mode: NotesReadingMode = .lenient) {
        bytes = Array(text.utf8)
        lines = LineTable(bytes)
        chunks = Self.withMisspellings(NotesLexer.chunks(of: bytes) { NotesField(key: $0) != nil })
        let secrets = Self.secrets(in: chunks)

        var diagnostics: [NotesDiagnostic] = []
        var ignored: [NotesDiagnostic] = []
        let defaultName = Self.defaultConnectionName(in: chunks, lines: lines, diagnostics: &diagnostics)

        var entries: [CredentialEntry] = []
        var entryChunks: [Int] = []
        var firstSeen: [ConnectionKey: SourcePosition] = [:]
        for (index, chunk) in chunks.enumerated() {
            var builder = EntryBuilder(chunk: chunk, lines: lines, secrets: secrets, mode: mode)
            let entry = builder.build()
            diagnostics += builder.diagnostics
            ignored += builder.ignored
            guard let entry else { continue }
            if entry.connectionName == nil, case .invalid = defaultName {
                diagnostics.append(NotesDiagnostic(
                    position: entry.location.start, severity: .error, code: .invalidTemplate,
                    message: "this entry is named by the invalid default_conf_name: fix it or give the entry a confName"))
                continue
            }
            if let clash = Self.firstClash(of: entry, in: firstSeen) {
                diagnostics.append(NotesDiagnostic(
                    position: entry.location.start, severity: .error, code: .duplicateConnection,
                    message: "user '\(EntryBuilder.shown(entry.username, secrets: secrets))' already has a "
                        + "\(clash.proto.rawValue) connection from the entry at \(clash.position): merge or remove one"))
                continue
            }
            for proto in entry.protocols {
                firstSeen[ConnectionKey(username: entry.username, proto: proto)] = entry.location.start
            }
            entries.append(entry)
            entryChunks.append(index)
        }
        diagnostics.sort { $0.position < $1.position }
        self.entryChunks = entryChunks
        parsed = ParsedNotes(entries: entries, diagnostics: diagnostics, defaultConnectionName: defaultName.template,
                             ignored: ignored.sorted { $0.position < $1.position })
    }

    private struct ConnectionKey: Hashable {
        let username: String
        let proto: GuestProtocol
    }

    private static func firstClash(
        of entry: CredentialEntry, in seen: [ConnectionKey: SourcePosition]
    ) -> (proto: GuestProtocol, position: SourcePosition)? {
        for proto in entry.protocols {
            if let position = seen[ConnectionKey(username: entry.username, proto: proto)] {
                return (proto, position)
            }
        }
        return nil
    }

    private enum DefaultName {
        case absent, valid(NameTemplate), invalid

        var template: NameTemplate? {
            if case let .valid(template) = self { template } else { nil }
        }
    }

    /// The first `default_conf_name` anywhere in the notes; later ones get a warning.
    private static func defaultConnectionName(
        in chunks: [NotesChunk], lines: LineTable, diagnostics: inout [NotesDiagnostic]
    ) -> DefaultName {
        let pairs = chunks.flatMap(\.pairs).filter { $0.key == "default_conf_name" && !$0.value.isEmpty }
        guard let first = pairs.first else { return .absent }
        for extra in pairs.dropFirst() {
            diagnostics.append(NotesDiagnostic(
                position: lines.position(extra.range.lowerBound), severity: .warning, code: .duplicateDefaultName,
                message: "default_conf_name is given again: the first one (\(lines.position(first.range.lowerBound))) is used; remove this one"))
        }
        do {
            return .valid(try NameTemplate(first.value))
        } catch {
            let secrets = self.secrets(in: chunks)
            let shown: TemplateError = if case let .unknownVariable(name, suggestion) = error {
                .unknownVariable(name: EntryBuilder.shown(name, secrets: secrets), suggestion: suggestion)
            } else { error }
            diagnostics.append(NotesDiagnostic(
                position: lines.position(first.valueRange.lowerBound), severity: .error, code: .invalidTemplate,
                message: "'default_conf_name': \(shown)"))
            return .invalid
        }
    }

    /// Marks each pair whose unknown key looks like a misspelled known one (each key checked once).
    private static func withMisspellings(_ chunks: [NotesChunk]) -> [NotesChunk] {
        var cache: [String: String?] = [:]
        return chunks.map { chunk in
            var chunk = chunk
            for index in chunk.pairs.indices where NotesField(key: chunk.pairs[index].key) == nil {
                let key = chunk.pairs[index].key
                if cache[key] == nil { cache[key] = .some(NotesField.misspelling(of: key)) }
                chunk.pairs[index].likelyMeant = cache[key] ?? nil
            }
            return chunk
        }
    }

    /// Values that are or may be passwords: those of password keys and of keys misspelling one.
    private static func secrets(in chunks: [NotesChunk]) -> [String] {
        let misspellings = Dictionary(
            chunks.flatMap(\.pairs).compactMap { pair in pair.likelyMeant.map { (pair.key, $0) } },
            uniquingKeysWith: { first, _ in first }
        )
        func holdsSecret(_ key: String) -> Bool {
            let field = NotesField(key: key) ?? misspellings[key].flatMap(NotesField.init(key:))
            return field?.holdsSecret == true
        }
        let values = chunks.flatMap(\.pairs).filter { holdsSecret($0.key) }.map(\.value)
        let unclosed = chunks.flatMap(\.unclosedQuotes).filter { holdsSecret($0.key) }.map(\.restOfLine)
        return (values + unclosed).filter { !$0.isEmpty }
    }

    /// The chunk of the entry yielding (`username`, `proto`).
    func chunk(username: String, proto: GuestProtocol) -> NotesChunk? {
        guard let index = parsed.entries.firstIndex(where: { $0.username == username && $0.protocols.contains(proto) })
        else { return nil }
        return chunks[entryChunks[index]]
    }
}
