/// Writes compact JSON text straight into bytes. For the large, flat documents on a sync's critical
/// path (PATCH bodies of hundreds of connections, audit log lines), where Foundation's `JSONEncoder`
/// spends most of its time in generic machinery.
///
///     var json = JSONByteWriter()
///     json.object {
///         $0.member("name", "web")
///         $0.member("fields", ["a", "b"])
///     }
///     json.bytes  // {"name":"web","fields":["a","b"]}
///
/// Strings are escaped as RFC 8259 requires (quote, backslash and control characters, and DEL);
/// other characters are written as UTF-8. Members are written in the order given. ``JSONWriter``
/// (for ``JSONValue`` documents) quotes strings with it too.
public struct JSONByteWriter: Sendable {
    /// Which characters strings escape; every choice reads back the same.
    public enum Escaping: Sendable {
        /// Quote, backslash, control characters and DEL (as ``JSONWriter``).
        case minimal
        /// As Foundation's `JSONEncoder`: also `/` as `\/`, `\b` and `\f`, DEL as is (the state file keeps
        /// the bytes earlier versions wrote).
        case jsonEncoder
    }

    public private(set) var bytes: [UInt8] = []
    public let escaping: Escaping

    public init(reservingCapacity capacity: Int = 0, escaping: Escaping = .minimal) {
        self.escaping = escaping
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// `{ … }`: the body writes the members.
    public mutating func object(_ body: (inout Members) -> Void) {
        var members = Members(writer: self)
        self = JSONByteWriter(escaping: escaping)  // hand the buffer over without copying it
        members.writer.bytes.append(UInt8(ascii: "{"))
        body(&members)
        members.writer.bytes.append(UInt8(ascii: "}"))
        self = members.writer
    }

    /// `[ … ]`: the body writes one element per call of `Elements.element`.
    public mutating func array(_ body: (inout Elements) -> Void) {
        var elements = Elements(writer: self)
        self = JSONByteWriter(escaping: escaping)
        elements.writer.bytes.append(UInt8(ascii: "["))
        body(&elements)
        elements.writer.bytes.append(UInt8(ascii: "]"))
        self = elements.writer
    }

    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var clean = 0  // start of the run of bytes that need no escape
            for (index, byte) in utf8.enumerated() where needsEscape(byte) {
                bytes.append(contentsOf: utf8[clean..<index])
                appendEscape(byte)
                clean = index + 1
            }
            bytes.append(contentsOf: utf8[clean...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string, or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// An object of string members in sorted key order (`null` for nil values).
    public mutating func stringMap(_ map: [String: String?]) {
        object { members in
            for key in map.keys.sorted() { members.member(key, map[key] ?? nil) }
        }
    }

    /// An object of string members in sorted key order.
    public mutating func stringMap(_ map: [String: String]) {
        object { members in
            for key in map.keys.sorted() { members.member(key, map[key]) }
        }
    }

    /// Text written as is, e.g. layout between members the caller writes itself.
    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"): true
        case 0x7F: escaping == .minimal
        case UInt8(ascii: "/"): escaping == .jsonEncoder
        default: false
        }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
        case 0x08 where escaping == .jsonEncoder: bytes.append(UInt8(ascii: "b"))
        case 0x0C where escaping == .jsonEncoder: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// The members of one object; writes the commas.
    public struct Members {
        var writer: JSONByteWriter
        private var count = 0

        init(writer: JSONByteWriter) { self.writer = writer }

        /// `"name":` followed by whatever `value` writes.
        public mutating func member(_ name: String, _ value: (inout JSONByteWriter) -> Void) {
            if count > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            count += 1
            writer.string(name)
            writer.bytes.append(UInt8(ascii: ":"))
            value(&writer)
        }

        public mutating func member(_ name: String, _ value: String?) {
            member(name) { $0.string(value) }
        }

        public mutating func member(_ name: String, _ values: [String]) {
            member(name) { writer in
                writer.array { elements in
                    for value in values { elements.element { $0.string(value) } }
                }
            }
        }
    }

    /// The elements of one array; writes the commas.
    public struct Elements {
        var writer: JSONByteWriter
        private var count = 0

        init(writer: JSONByteWriter) { self.writer = writer }

        public mutating func element(_ value: (inout JSONByteWriter) -> Void) {
            if count > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            count += 1
            value(&writer)
        }
    }
}
