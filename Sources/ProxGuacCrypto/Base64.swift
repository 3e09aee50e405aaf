/// Base64 in both alphabets, without Foundation so key bytes never pass through `Data` copies.
enum Base64 {
    enum Alphabet {
        /// RFC 4648 §4: `+` and `/`. Used in key files.
        case standard
        /// RFC 4648 §5: `-` and `_`. Used in encrypted values and Fernet tokens.
        case url

        var characters: [UInt8] {
            switch self {
            case .standard: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            case .url: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            }
        }
    }

    static func encode(_ bytes: [UInt8], alphabet: Alphabet, padded: Bool) -> String {
        let table = alphabet.characters
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if chunk.count > 1 { out.append(table[Int((b1 & 0x0F) << 2 | b2 >> 6)]) } else if padded { out.append(UInt8(ascii: "=")) }
            if chunk.count > 2 { out.append(table[Int(b2 & 0x3F)]) } else if padded { out.append(UInt8(ascii: "=")) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` in `alphabet`; `=` padding is optional but, if present, must be correct and final.
    /// Returns nil for any character outside the alphabet (including the other alphabet's two).
    static func decode(_ text: some StringProtocol, alphabet: Alphabet) -> [UInt8]? {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.characters.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        var input = Array(text.utf8)
        defer { wipe(&input) }
        let padding = input.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        if padding > 0 {
            guard padding <= 2, input.count % 4 == 0 else { return nil }
            input.removeLast(padding)
        }
        guard input.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in input {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        accumulator = 0
        return out
    }
}
