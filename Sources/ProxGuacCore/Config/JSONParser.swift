/// A JSON syntax error with the 1-based line and column where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    /// What was wrong, e.g. `expected ',' or '}' after an object member`.
    public var message: String
}

/// A strict RFC 8259 JSON parser that keeps member order, rejects duplicate keys and
/// reports errors with line and column. Used for the config file (small inputs).
public enum JSONParser {
    /// Objects and lists nested deeper than this are rejected instead of exhausting the stack.
    public static let maximumDepth = 64

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var scanner = Scanner(bytes: Array(text.utf8))
        return try scanner.document()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }  // UTF-8 byte order mark
        }

        mutating func document() throws(JSONSyntaxError) -> JSONValue {
            skipWhitespace()
            guard offset < bytes.count else { throw failure("the file is empty; expected a JSON object") }
            let value = try value(depth: 0)
            skipWhitespace()
            guard offset == bytes.count else { throw failure("unexpected text after the end of the JSON document") }
            return value
        }

        // MARK: values

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < JSONParser.maximumDepth else { throw failure("nesting is deeper than \(JSONParser.maximumDepth) levels") }
            guard let byte = peek() else { throw failure("unexpected end of file; expected a value") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            case UInt8(ascii: "'"): throw failure("strings must use double quotes (\"), not single quotes")
            default: throw failure("unexpected character \(describe(byte)); expected a value")
            }
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            offset += 1  // {
            var members: [JSONMember] = []
            var seen = Set<String>()
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { offset += 1; return .object([]) }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else {
                    if peek() == UInt8(ascii: "}") { throw failure("trailing comma before '}'") }
                    throw failure("expected a key in double quotes")
                }
                let keyOffset = offset
                let key = try string()
                guard seen.insert(key).inserted else {
                    offset = keyOffset
                    throw failure("duplicate key \"\(key)\"")
                }
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after the key \"\(key)\"") }
                offset += 1
                skipWhitespace()
                members.append(JSONMember(key, try value(depth: depth + 1)))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"): offset += 1; return .object(members)
                default: throw failure("expected ',' or '}' after the value of \"\(key)\"")
                }
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            offset += 1  // [
            var items: [JSONValue] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { offset += 1; return .array([]) }
            while true {
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { throw failure("trailing comma before ']'") }
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"): offset += 1; return .array(items)
                default: throw failure("expected ',' or ']' after a list item")
                }
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            let expected = Array(word.utf8)
            guard bytes[offset...].starts(with: expected) else { throw failure("unexpected text; expected \(word)") }
            offset += expected.count
        }

        mutating func number() throws(JSONSyntaxError) -> String {
            let start = offset
            if peek() == UInt8(ascii: "-") { offset += 1 }
            guard let first = peek(), isDigit(first) else { throw failure("invalid number: expected a digit") }
            offset += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if peek() == UInt8(ascii: ".") {
                offset += 1
                guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: expected a digit after '.'") }
                skipDigits()
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                offset += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
                guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: expected a digit in the exponent") }
                skipDigits()
            }
            if let next = peek(), isDigit(next) { throw failure("invalid number: leading zeros are not allowed") }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            offset += 1  // opening quote
            var scalars = String.UnicodeScalarView()
            var runStart = offset
            func flushRun(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    if scalars.isEmpty {  // no escape: the bytes are the string
                        let text = String(decoding: bytes[runStart..<offset], as: UTF8.self)
                        offset += 1
                        return text
                    }
                    flushRun(offset)
                    offset += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flushRun(offset)
                    offset += 1
                    scalars.append(try escape())
                    runStart = offset
                case 0..<0x20:
                    throw failure(byte == 0x0A ? "unterminated string (a line break inside quotes must be written \\n)"
                                               : "control character inside a string; escape it")
                default:
                    offset += 1
                }
            }
            throw failure("unterminated string; add the closing '\"'")
        }

        mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
            guard let byte = peek() else { throw failure("unterminated string; add the closing '\"'") }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let unit = try hexQuad()
                if (0xD800..<0xDC00).contains(unit) {
                    guard bytes[offset...].starts(with: Array("\\u".utf8)) else { throw failure("unpaired UTF-16 surrogate in \\u escape") }
                    offset += 2
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low),
                          let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    else { throw failure("invalid UTF-16 surrogate pair in \\u escape") }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(unit) else { throw failure("unpaired UTF-16 surrogate in \\u escape") }
                return scalar
            default:
                offset -= 1
                throw failure("invalid escape \\\(describe(byte, quoted: false)) in a string (write \\\\ for a backslash)")
            }
        }

        mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek(), let digit = hexValue(byte) else { throw failure("expected four hex digits after \\u") }
                value = value << 4 | digit
                offset += 1
            }
            return value
        }

        // MARK: helpers

        func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
        }

        mutating func skipDigits() {
            while let byte = peek(), isDigit(byte) { offset += 1 }
        }

        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        func describe(_ byte: UInt8, quoted: Bool = true) -> String {
            let text = (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
            return quoted ? "'\(text)'" : text
        }

        /// An error at the current offset, with a 1-based line and a column counted in characters.
        func failure(_ message: String) -> JSONSyntaxError {
            let end = min(offset, bytes.count)
            var line = 1
            var lineStart = 0
            for index in 0..<end where bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
            return JSONSyntaxError(line: line, column: column, message: message)
        }
    }
}
