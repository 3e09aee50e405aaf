/// How PVE stores notes: one `#<encoded line>` comment per line of text (reference §5.2).
enum NotesEncoding {
    /// `encode_text`: control bytes, `:`, `%` (unless legacy), DEL and bytes ≥ 0x80 become `%XX`.
    static func encodeLine(_ line: String, legacyPercent: Bool) -> String {
        var out = ""
        for byte in line.utf8 {
            let mustEscape = byte < 0x20 || byte == UInt8(ascii: ":") || byte == 0x7F || byte >= 0x80
                || (byte == UInt8(ascii: "%") && !legacyPercent)
            if mustEscape {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    /// `decode_text`: every `%XX` decoded, then the bytes read as UTF-8.
    static func decodeLine(_ line: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(line.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
               let high = FormDecoding.hexValue(source[index + 1]), let low = FormDecoding.hexValue(source[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text → stored lines (Perl `split /\n/` drops trailing empty fields).
    static func store(_ text: String, legacyPercent: Bool) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { encodeLine($0, legacyPercent: legacyPercent) }
    }

    /// Stored lines → the text the API returns: QEMU strips trailing whitespace, LXC ends every line with `\n`.
    static func read(_ lines: [String], type: LabScenario.GuestType) -> String? {
        guard !lines.isEmpty else { return nil }
        let decoded = lines.map(decodeLine)
        switch type {
        case .lxc:
            return decoded.map { $0 + "\n" }.joined()
        case .qemu:
            var text = decoded.joined(separator: "\n")
            while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
            return text
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
