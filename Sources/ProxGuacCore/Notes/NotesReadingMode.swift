/// How forgiving the notes parser is with notes written by people (see docs/notes-syntax.md, "How notes
/// written by people are read").
///
/// - `lenient` (the default, used by every sync): a misspelt or wrongly cased key is ignored with a warning
///   when its entry is complete without it; a key given twice takes the quoted value over a bare one; an
///   unknown protocol in a list and an unknown `wol_settings` item are warnings.
/// - `strict` (`notes check --strict`): each of those is an error that blocks the entry.
public enum NotesReadingMode: String, Sendable, Hashable, CaseIterable {
    case lenient, strict
}
