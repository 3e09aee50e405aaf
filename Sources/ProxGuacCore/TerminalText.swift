/// Makes text from outside (notes, Guacamole, Proxmox, server error bodies) safe for a terminal, a log
/// line or a TUI cell: every control character is shown as an escape (`\x1b`, `\n`, `\x7f`, `\x9b`), as are
/// the Unicode line/paragraph separators and bidirectional overrides, so data can neither move the cursor,
/// retitle the window, ring the bell, break a line nor forge a `proxguac: error:` line.
/// JSON output does not use this: JSON escapes control characters itself.
public enum TerminalText {
    /// `text` with every unsafe scalar escaped; text without one comes back unchanged (no copy).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Like ``escaped(_:)`` but keeps `\n` (for multi-line text proxguac itself wrote, with outside values inside
    /// already escaped); still escapes `\r` and every other control.
    public static func escapedKeepingNewlines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        // Line and paragraph separators; bidirectional embeddings, overrides and isolates.
        return value == 0x2028 || value == 0x2029 || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            if scalar.value < 0x100 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
            return "\\u{" + hex + "}"
        }
    }
}
