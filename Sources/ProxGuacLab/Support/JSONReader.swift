/// A strict RFC 8259 reader straight from bytes into `JSONValue`, with the results the lab had from
/// `JSONDecoder` (object members sorted by key, the last of duplicate keys kept, integral numbers as
/// `.int`), at a fraction of its cost: a PATCH of 500 connections is a 300 KB body.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// `JSONDecoder`'s nesting limit.
    private static let maxDepth = 512

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The document, or nil when it is not valid JSON (trailing data included). Like `JSONDecoder`, it
    /// accepts a leading byte order mark and a trailing comma in objects and arrays.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONReader(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        guard let value = parser.value() else { return nil }
        parser.skipWhitespace()
        return parser.index == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() -> JSONValue? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return nested { $0.object() }
        case UInt8(ascii: "["): return nested { $0.array() }
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func nested(_ body: (inout JSONReader) -> JSONValue?) -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        index += 1
        return body(&self)
    }

    private mutating func literal(_ word: StaticString, _ result: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
        index += count
        return result
    }

    private mutating func object() -> JSONValue? {
        var members: [JSONValue.Member] = []
        while true {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(Self.sortedUniquely(members))
            }
            guard bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let member = value() else { return nil }
            members.append(JSONValue.Member(key: key, value: member))
            guard closeOrComma(UInt8(ascii: "}")) else { return nil }
        }
    }

    /// After a member or item: `,` (going on; a closing bracket may follow) or the closing bracket,
    /// left unread for the caller's loop.
    private mutating func closeOrComma(_ close: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { return false }
        if bytes[index] == close { return true }
        guard bytes[index] == UInt8(ascii: ",") else { return false }
        index += 1
        return true
    }

    /// Members sorted by key; of duplicate keys the first one stays.
    private static func sortedUniquely(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        guard members.count > 1 else { return members }
        let ordered = members.indices.sorted { (members[$0].key, $0) < (members[$1].key, $1) }
        var result: [JSONValue.Member] = []
        result.reserveCapacity(members.count)
        for position in ordered where result.last?.key != members[position].key { result.append(members[position]) }
        return result
    }

    private mutating func array() -> JSONValue? {
        var items: [JSONValue] = []
        while true {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            guard let item = value() else { return nil }
            items.append(item)
            guard closeOrComma(UInt8(ascii: "]")) else { return nil }
        }
    }

    /// A string at `index` (on its opening quote); nil for control characters, bad escapes, lone
    /// surrogates or invalid UTF-8.
    private mutating func string() -> String? {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = ascii ? String(decoding: bytes[start..<index], as: UTF8.self)
                    : String(validating: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// The slow path for strings with escapes, from `start` (just after the opening quote).
    private mutating func escapedString(from start: Int) -> String? {
        var utf8: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let first = hex4() else { return nil }
        switch first {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            index += 2
            guard let second = hex4(), (0xDC00...0xDFFF).contains(second) else { return nil }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        case 0xDC00...0xDFFF:
            return nil
        default:
            return Unicode.Scalar(first)
        }
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var result: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            result = result << 4 | UInt32(digit)
        }
        index += 4
        return result
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`: `.int` when the value is a whole number that fits,
    /// `.double` otherwise; nil when out of Double's range.
    private mutating func number() -> JSONValue? {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
            integral = false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
            integral = false
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let whole = Int(text) { return .int(whole) }
        guard let number = Double(text), number.isFinite else { return nil }
        if let whole = Int(exactly: number) { return .int(whole) }
        return .double(number)
    }
}
