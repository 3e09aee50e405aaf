/// A fast path for the most frequent answer of a sync: a flat JSON object of scalars, such as Guacamole's
/// `GET …/connections/{id}/parameters` (one per managed connection, 18,000 in a 10,000-guest re-sync).
///
/// Reads `{"name":"value",…}` straight from the bytes into `[String: String]`, with the same values
/// `[String: LenientString]` through `JSONDecoder` gives (strings as they are, integers as their decimal text,
/// `true`/`false` as "1"/"0"). Anything else — escapes, other numbers, null, nesting, a repeated name, bytes
/// that are not UTF-8 or not JSON — returns nil, and the caller decodes the answer the general way.
enum FlatJSONStringMap {
    static func parse(_ bytes: [UInt8]) -> [String: String]? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func object() -> [String: String]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var result: [String: String] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return atEnd() ? result : nil }
            while true {
                skipSpace()
                guard let name = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = scalar(), result.updateValue(value, forKey: name) == nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return atEnd() ? result : nil
            }
        }

        private mutating func scalar() -> String? {
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true") ? "1" : nil
            case UInt8(ascii: "f"): return literal("false") ? "0" : nil
            default: return integer()
            }
        }

        /// A string without escapes or control characters, valid UTF-8.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// `-?[1-9][0-9]*` or `0` that fits in Int64 (its text is then what `String(Int64)` prints).
        private mutating func integer() -> String? {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digits = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            let count = position - digits
            guard count > 0, count <= 18, count == 1 || bytes[digits] != UInt8(ascii: "0") else { return nil }
            if count == 1, bytes[digits] == UInt8(ascii: "0"), digits > start { return nil }  // "-0" prints as "0"
            if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
                return nil
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
            position += count
            return true
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        private func atEnd() -> Bool {
            var index = position
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
            return index == bytes.count
        }
    }
}
