/// A Python literal as found in Proxmox-Guacamole-Sync's `config.py`: read, never executed.
public indirect enum PythonLiteral: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(String)
    case bool(Bool)
    case none
    case list([PythonLiteral])
    case dict([(key: PythonLiteral, value: PythonLiteral)])

    public static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        case let (.float(a), .float(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.none, .none): true
        case let (.list(a), .list(b)): a == b
        case let (.dict(a), .dict(b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let text): hasher.combine(text)
        case .integer(let number): hasher.combine(number)
        case .float(let text): hasher.combine(text)
        case .bool(let flag): hasher.combine(flag)
        case .none: hasher.combine(0)
        case .list(let items): hasher.combine(items)
        case .dict(let items): for item in items { hasher.combine(item.key); hasher.combine(item.value) }
        }
    }

    /// The value as text when it is a string or a number.
    public var text: String? {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .float(let text): text
        default: nil
        }
    }
}

/// The `NAME = literal` assignments of a Python file, read without executing anything.
///
/// Top-level and class-body assignments are read (`class Config:` holds them in the original); methods,
/// decorators, imports and docstrings are skipped. A value that is not a literal (a call, a name, an
/// f-string, arithmetic) is listed in `unreadable` with its line, so the caller can say what it could not carry.
public struct PythonAssignments: Sendable {
    public struct Unreadable: Sendable, Hashable {
        public let name: String
        public let line: Int
        public let problem: String
    }

    /// Assignments in file order (a later assignment of the same name replaces the earlier value).
    public private(set) var values: [(name: String, value: PythonLiteral, line: Int)] = []
    public private(set) var unreadable: [Unreadable] = []

    public subscript(name: String) -> PythonLiteral? { values.last { $0.name == name }?.value }

    public init(source: String) {
        var scanner = PythonScanner(Array(source.utf8))
        var skipIndentAbove: Int?
        while !scanner.atEnd {
            let lineStart = scanner.index
            let indent = scanner.skipIndentation()
            if scanner.atLineEnd { scanner.skipLine(); continue }
            if let limit = skipIndentAbove {
                if indent > limit { scanner.skipLogicalLine(); continue }
                skipIndentAbove = nil
            }
            let line = scanner.line
            if scanner.startsWithKeyword("def") || scanner.startsWithKeyword("async") {
                skipIndentAbove = indent
                scanner.skipLogicalLine()
                continue
            }
            guard let name = scanner.identifier(), !["class", "import", "from", "if", "try", "for", "while", "with", "return", "pass"].contains(name)
            else {
                scanner.index = lineStart
                scanner.skipLogicalLine()
                continue
            }
            scanner.skipSpaces()
            guard scanner.consume(UInt8(ascii: "=")), !scanner.peekIs(UInt8(ascii: "=")) else {
                scanner.skipLogicalLine()
                continue
            }
            scanner.skipSpaces()
            do {
                let value = try scanner.literal()
                scanner.skipSpaces()
                if scanner.peekIs(UInt8(ascii: "#")) || scanner.atLineEnd {
                    values.append((name, value, line))
                    scanner.skipLine()
                } else {
                    unreadable.append(Unreadable(name: name, line: line, problem: "is an expression, not a plain value"))
                    scanner.skipLogicalLine()
                }
            } catch {
                unreadable.append(Unreadable(name: name, line: line, problem: error.problem))
                scanner.skipLogicalLine()
            }
        }
    }
}

struct PythonScanError: Error {
    let problem: String
}

/// Byte-level reading of Python source: just enough for assignments of literals.
struct PythonScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var atLineEnd: Bool { atEnd || bytes[index] == newline || bytes[index] == carriageReturn }
    var line: Int { 1 + bytes[..<min(index, bytes.count)].reduce(0) { $0 + ($1 == newline ? 1 : 0) } }

    func peekIs(_ byte: UInt8) -> Bool { !atEnd && bytes[index] == byte }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peekIs(byte) else { return false }
        index += 1
        return true
    }

    /// Spaces and tabs at the start of a line; returns their width.
    mutating func skipIndentation() -> Int {
        var width = 0
        while !atEnd, bytes[index] == space || bytes[index] == tab { width += bytes[index] == tab ? 8 : 1; index += 1 }
        if peekIs(UInt8(ascii: "#")) { while !atLineEnd { index += 1 } }
        return width
    }

    mutating func skipSpaces() {
        while !atEnd, bytes[index] == space || bytes[index] == tab { index += 1 }
    }

    /// White space, newlines and comments (inside brackets, where lines may break).
    mutating func skipWhitespaceAndComments() {
        while !atEnd {
            let byte = bytes[index]
            if byte == space || byte == tab || byte == newline || byte == carriageReturn || byte == backslash {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while !atLineEnd { index += 1 }
            } else {
                return
            }
        }
    }

    mutating func skipLine() {
        while !atLineEnd { index += 1 }
        if !atEnd { index += 1 }
    }

    /// Skips to the end of the logical line: brackets and strings may span lines.
    mutating func skipLogicalLine() {
        var depth = 0
        while !atEnd {
            let byte = bytes[index]
            if byte == singleQuote || byte == doubleQuote {
                _ = try? string(prefix: "")
                continue
            }
            if byte == UInt8(ascii: "#") { while !atLineEnd { index += 1 }; continue }
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
            if byte == newline && depth == 0 { index += 1; return }
            index += 1
        }
    }

    func startsWithKeyword(_ keyword: String) -> Bool {
        let word = Array(keyword.utf8)
        guard index + word.count <= bytes.count, Array(bytes[index..<index + word.count]) == word else { return false }
        return index + word.count == bytes.count || !bytes[index + word.count].isPythonNameByte
    }

    mutating func identifier() -> String? {
        guard !atEnd, bytes[index].isPythonNameStart else { return nil }
        let start = index
        while !atEnd, bytes[index].isPythonNameByte { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Literals

    mutating func literal() throws(PythonScanError) -> PythonLiteral {
        guard !atEnd else { throw PythonScanError(problem: "has no value") }
        let byte = bytes[index]
        if byte == singleQuote || byte == doubleQuote { return try concatenatedStrings(prefix: "") }
        if byte == UInt8(ascii: "[") { return .list(try sequence(close: UInt8(ascii: "]"))) }
        if byte == UInt8(ascii: "(") {
            // `("a" "b")` is one string and `(x)` is x; only a comma makes a tuple.
            let (items, sawComma) = try sequenceWithCommas(close: UInt8(ascii: ")"))
            return items.count == 1 && !sawComma ? items[0] : .list(items)
        }
        if byte == UInt8(ascii: "{") { return try dict() }
        if byte.isASCIIDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") {
            return try number()
        }
        let start = index
        guard let word = identifier() else { throw PythonScanError(problem: "is not a plain value") }
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            let prefix = word.lowercased()
            if ["r", "u", "b", "br", "rb"].contains(prefix), peekIs(singleQuote) || peekIs(doubleQuote) {
                return try concatenatedStrings(prefix: prefix)
            }
            if ["f", "rf", "fr"].contains(prefix), peekIs(singleQuote) || peekIs(doubleQuote) {
                throw PythonScanError(problem: "is an f-string (computed when Python runs it)")
            }
            index = start
            throw PythonScanError(problem: "is computed (`\(word)…`), not a plain value")
        }
    }

    private mutating func concatenatedStrings(prefix: String) throws(PythonScanError) -> PythonLiteral {
        var text = try string(prefix: prefix)
        while true {
            let save = index
            skipSpaces()
            if peekIs(singleQuote) || peekIs(doubleQuote) {
                text += try string(prefix: "")
            } else {
                index = save
                return .string(text)
            }
        }
    }

    /// One quoted string (single, double or triple quotes), escapes resolved unless raw.
    mutating func string(prefix: String) throws(PythonScanError) -> String {
        let raw = prefix.contains("r")
        let quote = bytes[index]
        let triple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        index += triple ? 3 : 1
        var out: [UInt8] = []
        while !atEnd {
            let byte = bytes[index]
            if byte == quote {
                if !triple { index += 1; return String(decoding: out, as: UTF8.self) }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    index += 3
                    return String(decoding: out, as: UTF8.self)
                }
            }
            if byte == newline && !triple { throw PythonScanError(problem: "has a string that is not closed on its line") }
            if byte == backslash, index + 1 < bytes.count {
                let next = bytes[index + 1]
                if raw { out += [byte, next]; index += 2; continue }
                index += 2
                switch next {
                case UInt8(ascii: "n"): out.append(newline)
                case UInt8(ascii: "t"): out.append(tab)
                case UInt8(ascii: "r"): out.append(carriageReturn)
                case UInt8(ascii: "0"): out.append(0)
                case newline: break
                case backslash, singleQuote, doubleQuote: out.append(next)
                default: out += [backslash, next]
                }
                continue
            }
            out.append(byte)
            index += 1
        }
        throw PythonScanError(problem: "has a string that is never closed")
    }

    private mutating func number() throws(PythonScanError) -> PythonLiteral {
        let start = index
        if peekIs(UInt8(ascii: "-")) || peekIs(UInt8(ascii: "+")) { index += 1 }
        while !atEnd, bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: ".")
            || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        if let integer = Int(text) { return .integer(integer) }
        if Double(text) != nil { return .float(text) }
        throw PythonScanError(problem: "is not a number Python would read as a plain value")
    }

    private mutating func sequence(close: UInt8) throws(PythonScanError) -> [PythonLiteral] {
        try sequenceWithCommas(close: close).items
    }

    private mutating func sequenceWithCommas(close: UInt8) throws(PythonScanError) -> (items: [PythonLiteral], sawComma: Bool) {
        index += 1
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespaceAndComments()
            if consume(close) { return (items, sawComma) }
            items.append(try bracketedItem())
            skipWhitespaceAndComments()
            if consume(close) { return (items, sawComma) }
            guard consume(UInt8(ascii: ",")) else { throw PythonScanError(problem: "has a list that is not plain values") }
            sawComma = true
        }
    }

    /// An item inside brackets, where adjacent strings join across lines.
    private mutating func bracketedItem() throws(PythonScanError) -> PythonLiteral {
        var item = try literal()
        while case .string(let text) = item {
            let save = index
            skipWhitespaceAndComments()
            guard peekIs(singleQuote) || peekIs(doubleQuote) else { index = save; break }
            guard case .string(let next) = try literal() else { break }
            item = .string(text + next)
        }
        return item
    }

    private mutating func dict() throws(PythonScanError) -> PythonLiteral {
        index += 1
        var items: [(key: PythonLiteral, value: PythonLiteral)] = []
        while true {
            skipWhitespaceAndComments()
            if consume(UInt8(ascii: "}")) { return .dict(items) }
            let key = try bracketedItem()
            skipWhitespaceAndComments()
            guard consume(UInt8(ascii: ":")) else { throw PythonScanError(problem: "has a dict that is not plain values") }
            skipWhitespaceAndComments()
            items.append((key, try bracketedItem()))
            skipWhitespaceAndComments()
            if consume(UInt8(ascii: "}")) { return .dict(items) }
            guard consume(UInt8(ascii: ",")) else { throw PythonScanError(problem: "has a dict that is not plain values") }
        }
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let singleQuote = UInt8(ascii: "'")
private let doubleQuote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

private extension UInt8 {
    var isPythonNameStart: Bool { isASCIILetter || self == UInt8(ascii: "_") }
    var isPythonNameByte: Bool { isPythonNameStart || isASCIIDigit }
}
