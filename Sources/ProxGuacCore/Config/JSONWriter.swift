/// Serialises a ``JSONValue`` as compact (one line) or pretty-printed JSON text.
public enum JSONWriter {
    /// Compact JSON on one line, suitable for JSON-lines logs.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, depth: 0)
        return out
    }

    /// Pretty JSON with two-space indentation and a trailing newline.
    public static func pretty(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: "  ", depth: 0)
        return out + "\n"
    }

    /// A JSON string literal (with quotes) for `text`.
    public static func quoted(_ text: String) -> String {
        var writer = JSONByteWriter()
        writer.string(text)
        let quoted = writer.text
        // C1 controls, line separators and bidi overrides are valid raw JSON, but a terminal showing the
        // output may act on them: written as \u escapes too (they read back the same).
        guard quoted.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return quoted }
        var out = ""
        for scalar in quoted.unicodeScalars {
            guard TerminalText.isUnsafe(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: String?, depth: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let literal): out += literal
        case .string(let text): out += quoted(text)
        case .array(let items):
            writeContainer(open: "[", close: "]", count: items.count, into: &out, indent: indent, depth: depth) { index, out in
                write(items[index], into: &out, indent: indent, depth: depth + 1)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, into: &out, indent: indent, depth: depth) { index, out in
                out += quoted(members[index].key) + (indent == nil ? ":" : ": ")
                write(members[index].value, into: &out, indent: indent, depth: depth + 1)
            }
        }
    }

    private static func writeContainer(
        open: String, close: String, count: Int, into out: inout String, indent: String?, depth: Int,
        element: (Int, inout String) -> Void
    ) {
        out += open
        guard count > 0 else { out += close; return }
        for index in 0..<count {
            if index > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: indent, count: depth + 1) }
            element(index, &out)
        }
        if let indent { out += "\n" + String(repeating: indent, count: depth) }
        out += close
    }
}
