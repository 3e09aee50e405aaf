/// How a value was written.
enum QuoteStyle: Sendable, Hashable {
    case double, single, bare
}

/// One `key:value` pair as written in the notes.
struct NotesPair: Sendable, Hashable {
    let key: String
    /// Byte offsets of the whole pair, key to end of value (closing quote included).
    let range: Range<Int>
    /// Byte offsets of the value token (quotes included).
    let valueRange: Range<Int>
    /// The value: unquoted, escapes resolved, white space trimmed.
    let value: String
    let quote: QuoteStyle
    /// Whether the double-quoted value used the `\"` escape (a trailing backslash may have been meant).
    var hasEscapedQuote = false
}

/// A quoted value opened after `key:` that its line never closes.
struct UnclosedQuote: Sendable, Hashable {
    let key: String
    let quoteOffset: Int
    let quote: QuoteStyle
    /// What follows the quote on its line: treated as secret when the key is a password key.
    let restOfLine: String
}

/// The pairs between two `;` (or between a `;` and the end of the text).
struct NotesChunk: Sendable, Hashable {
    var pairs: [NotesPair] = []
    var unclosedQuotes: [UnclosedQuote] = []
    /// Offset of the terminating `;`; nil when the text ends first.
    var terminator: Int?
}

/// Splits notes into chunks of `key:value` pairs, leaving everything else as free text.
///
/// - A key is a letter or `_` followed by letters, digits or `_`, directly followed by `:`. It must
///   start the text or follow white space, `;`, a value, or punctuation other than `. @ / : - + % & = ? ~ \`
///   (so URLs, `user@host:22` and `a.b:c` in prose are not keys).
/// - Spaces and tabs may follow the colon. The value is `"double"` (with `\"` and `\\` escapes),
///   `'single'`, or bare (up to white space, `;` or a quote). Quoted values end on their own line.
/// - A `;` outside a value ends the chunk.
enum NotesLexer {
    static func chunks(of bytes: [UInt8], isKnownKey: (String) -> Bool) -> [NotesChunk] {
        var chunks: [NotesChunk] = []
        var current = NotesChunk()
        var index = 0
        var lastValueEnd = -1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == semicolon {
                current.terminator = index
                chunks.append(current)
                current = NotesChunk()
                index += 1
                continue
            }
            guard byte.isKeyStart, index == 0 || index == lastValueEnd || bytes[index - 1].allowsKeyAfter else {
                index += 1
                continue
            }
            var wordEnd = index
            while wordEnd < bytes.count, bytes[wordEnd].isWordByte { wordEnd += 1 }
            guard wordEnd < bytes.count, bytes[wordEnd] == colon else {
                index = wordEnd
                continue
            }
            let key = String(decoding: bytes[index..<wordEnd], as: UTF8.self)
            var valueStart = wordEnd + 1
            while valueStart < bytes.count, bytes[valueStart] == space || bytes[valueStart] == tab { valueStart += 1 }
            switch scanValue(bytes, at: valueStart) {
            case let .value(end, value, quote, hasEscapedQuote):
                current.pairs.append(NotesPair(
                    key: key, range: index..<end, valueRange: valueStart..<end,
                    value: value.trimmingWhitespace(), quote: quote, hasEscapedQuote: hasEscapedQuote
                ))
                index = end
                lastValueEnd = end
            case let .unclosed(quote):
                if isKnownKey(key) {
                    let rest = String(decoding: bytes[(valueStart + 1)..<endOfLine(bytes, from: valueStart)], as: UTF8.self)
                    current.unclosedQuotes.append(UnclosedQuote(
                        key: key, quoteOffset: valueStart, quote: quote, restOfLine: rest.trimmingWhitespace()
                    ))
                }
                // Go on after the quote, so a `;` later on the line still ends the entry.
                index = valueStart + 1
            case .none:
                index = wordEnd + 1
            }
        }
        if !current.pairs.isEmpty || !current.unclosedQuotes.isEmpty {
            chunks.append(current)
        }
        return chunks
    }

    private enum ScannedValue {
        case value(end: Int, value: String, quote: QuoteStyle, hasEscapedQuote: Bool = false)
        case unclosed(QuoteStyle)
        case none
    }

    private static func scanValue(_ bytes: [UInt8], at start: Int) -> ScannedValue {
        guard start < bytes.count else { return .none }
        switch bytes[start] {
        case doubleQuote:
            var value: [UInt8] = []
            var escapedQuote = false
            var index = start + 1
            while index < bytes.count, bytes[index] != newline {
                let byte = bytes[index]
                if byte == backslash, index + 1 < bytes.count,
                   bytes[index + 1] == doubleQuote || bytes[index + 1] == backslash {
                    escapedQuote = escapedQuote || bytes[index + 1] == doubleQuote
                    value.append(bytes[index + 1])
                    index += 2
                } else if byte == doubleQuote {
                    return .value(
                        end: index + 1, value: String(decoding: value, as: UTF8.self), quote: .double,
                        hasEscapedQuote: escapedQuote
                    )
                } else {
                    value.append(byte)
                    index += 1
                }
            }
            return .unclosed(.double)
        case singleQuote:
            var index = start + 1
            while index < bytes.count, bytes[index] != newline {
                if bytes[index] == singleQuote {
                    let value = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
                    return .value(end: index + 1, value: value, quote: .single)
                }
                index += 1
            }
            return .unclosed(.single)
        default:
            var end = start
            while end < bytes.count, bytes[end].isBareValueByte { end += 1 }
            guard end > start else { return .none }
            return .value(end: end, value: String(decoding: bytes[start..<end], as: UTF8.self), quote: .bare)
        }
    }

    private static func endOfLine(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != newline { index += 1 }
        return index
    }
}

private let semicolon = UInt8(ascii: ";")
private let colon = UInt8(ascii: ":")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let newline = UInt8(ascii: "\n")
private let doubleQuote = UInt8(ascii: "\"")
private let singleQuote = UInt8(ascii: "'")
private let backslash = UInt8(ascii: "\\")

extension UInt8 {
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    var isKeyStart: Bool { isASCIILetter || self == UInt8(ascii: "_") }
    var isWordByte: Bool { isKeyStart || isASCIIDigit }
    /// White space as Python's `\s` sees it in ASCII.
    var isASCIIWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }
    var isBareValueByte: Bool {
        !isASCIIWhitespace && self != semicolon && self != doubleQuote && self != singleQuote
    }
    /// Whether a key may start right after this byte.
    var allowsKeyAfter: Bool {
        if isWordByte || self >= 0x80 { return false }
        return !keyBlockingPunctuation.contains(self)
    }
}

private let keyBlockingPunctuation = Set(".@/:-+%&=?~\\".utf8)
