/// An IPv6 address (16 bytes). Parses every textual form (`::`, embedded IPv4, a `%zone` is dropped);
/// prints the canonical RFC 5952 form (lower case, longest zero run shortened to `::`).
public struct IPv6Address: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    public init(_ text: String) throws(NetworkValueError) {
        guard let bytes = IPv6Address.parse(Substring(NetworkText.trimmed(text))) else { throw .invalidIPv6(text) }
        self.bytes = bytes
    }

    public init?(parsing text: Substring) {
        guard let bytes = IPv6Address.parse(text) else { return nil }
        self.bytes = bytes
    }

    /// The eight 16-bit groups.
    public var groups: [UInt16] { stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) } }

    public var isLoopback: Bool { bytes == [UInt8](repeating: 0, count: 15) + [1] }
    /// fe80::/10.
    public var isLinkLocal: Bool { bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 }
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
    public var isMulticast: Bool { bytes[0] == 0xFF }
    /// The IPv4 address inside `::ffff:a.b.c.d`, else `nil`.
    public var ipv4Mapped: IPv4Address? {
        guard bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPv4Address(bytes[12], bytes[13], bytes[14], bytes[15])
    }

    public var description: String {
        let groups = groups
        // Longest run of two or more zero groups (the first one on a tie) becomes "::".
        var best: Range<Int>? = nil
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index >= 2, end - index > (best?.count ?? 0) { best = index..<end }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard let run = best else { return hex.joined(separator: ":") }
        return hex[..<run.lowerBound].joined(separator: ":") + "::" + hex[run.upperBound...].joined(separator: ":")
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let bytes = IPv6Address.parse(Substring(text)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: NetworkValueError.invalidIPv6(text).description))
        }
        self.bytes = bytes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func parse(_ input: Substring) -> [UInt8]? {
        var text = input
        if let percent = text.firstIndex(of: "%") {
            guard text.index(after: percent) < text.endIndex else { return nil }
            text = text[..<percent]
        }
        let halves = splitAtDoubleColons(text)
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0], mayEndWithIPv4: halves.count == 1) else { return nil }
        if halves.count == 1 {
            return head.count == 8 ? bytes(head) : nil
        }
        guard let tail = groups(halves[1], mayEndWithIPv4: true), head.count + tail.count <= 7 else { return nil }
        return bytes(head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail)
    }

    /// Colon-separated hex groups; the last may be a dotted quad (counts as two groups).
    private static func groups(_ text: Substring, mayEndWithIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (position, part) in parts.enumerated() {
            if position == parts.count - 1, mayEndWithIPv4, part.contains(".") {
                guard let v4 = IPv4Address(parsing: part) else { return nil }
                result += [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
            } else {
                guard (1...4).contains(part.count), part.utf8.allSatisfy({ NetworkText.hexValue($0) != nil }),
                      let group = UInt16(part, radix: 16) else { return nil }
                result.append(group)
            }
        }
        return result.count <= 8 ? result : nil
    }

    /// The text split at each "::" (a valid address has at most one).
    private static func splitAtDoubleColons(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                start = text.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        parts.append(text[start...])
        return parts
    }

    private static func bytes(_ groups: [UInt16]) -> [UInt8] {
        groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
