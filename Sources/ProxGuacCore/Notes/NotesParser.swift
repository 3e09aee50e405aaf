/// Reads the credential entries out of a guest's notes.
///
/// Syntax (compatible with Proxmox-Guacamole-Sync): entries are `key:value` pairs separated by white space
/// and ended by `;`; one entry may span lines and several may share one. Values are `"double"` (where
/// `\"` and `\\` escape), `'single'`, or bare. Everything else is free text and is left alone.
/// See ``NotesLexer`` and ``EntryBuilder`` for the exact rules.
public enum NotesParser {
    /// Parses notes. Never fails: problems become ``NotesDiagnostic``s and only the entries they
    /// concern are skipped.
    public static func parse(_ text: String, mode: NotesReadingMode = .lenient) -> ParsedNotes {
        NotesDocument(text, mode: mode).parsed
    }
}
