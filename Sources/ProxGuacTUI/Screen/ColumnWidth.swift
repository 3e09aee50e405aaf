internal import CProxGuacCurses

/// How many terminal columns text takes: `wcwidth` for the current locale, with a built-in answer
/// (East Asian wide ranges, emoji, combining marks) when the locale cannot tell (e.g. the C locale).
enum ColumnWidth {
    /// Columns one character takes: 0, 1 or 2.
    static func of(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            widest = max(widest, of(scalar))
        }
        return widest
    }

    /// Columns a whole string takes.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || value == 0x7F { return 0 }
        let fromLocale = proxguac_curses_wcwidth(value)
        if fromLocale >= 0 { return Int(fromLocale) }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// Cuts `text` to at most `columns` columns, ending in `…` when something was cut.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard of(text) > columns else { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// `text` cut or padded with spaces to exactly `columns` columns.
    static func fit(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let padding = String(repeating: " ", count: max(0, columns - of(cut)))
        return alignRight ? padding + cut : cut + padding
    }

    /// Splits `text` at spaces into lines of at most `columns` columns, keeping runs of spaces inside a
    /// line (aligned columns stay aligned); a longer word (a URL, a path) is broken across lines, never
    /// cut, so nothing at its end is lost.
    static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var gap = ""
        var word = ""
        func place() {
            guard !word.isEmpty else { return }
            if current.isEmpty || of(current) + of(gap) + of(word) <= columns {
                current += (current.isEmpty ? "" : gap) + word
            } else {
                lines.append(current)
                current = word
            }
            while of(current) > columns {
                var head = ""
                var rest = Substring(current)
                while let next = rest.first, of(head) + of(next) <= columns {
                    head.append(next)
                    rest = rest.dropFirst()
                }
                if head.isEmpty { break }
                lines.append(head)
                current = String(rest)
            }
            word = ""
            gap = ""
        }
        let leading = String(text.prefix { $0 == " " })
        for character in text.dropFirst(leading.count) {
            if character == " " {
                place()
                gap.append(" ")
            } else {
                word.append(character)
            }
        }
        place()
        if !current.isEmpty { lines.append(current) }
        if let first = lines.first, !leading.isEmpty, of(leading + first) <= columns { lines[0] = leading + first }
        return lines
    }

    /// Wide (two-column) ranges of East Asian scripts and full-width forms.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
