/// Stand-ins for the UI's own non-ASCII glyphs when the locale is not UTF-8 (`LANG=C`): ncurses cannot
/// show them there (they vanish or turn into `M-` sequences). Columns stay put: a one-column glyph gets
/// one ASCII character, any other character (a guest's name) one `?` per column it takes.
enum ASCIIFallback {
    static func text(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isASCII {
                result.append(character)
            } else if let scalar = character.unicodeScalars.first, let standIn = standIns[scalar] {
                result.append(standIn)
            } else {
                result += String(repeating: "?", count: ColumnWidth.of(character))
            }
        }
        return result
    }

    private static let standIns: [Unicode.Scalar: Character] = [
        "›": ">", "─": "-", "—": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "·": "-", "…": "~", "█": "#", "░": ".", "▏": "_", "×": "x", "↑": "^", "↓": "v", "→": ">", "←": "<",
        "“": "\"", "”": "\"", "‘": "'", "’": "'",
    ]
}
