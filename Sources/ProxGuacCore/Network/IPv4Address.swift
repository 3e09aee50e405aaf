/// An IPv4 address, stored as a 32-bit number in host order (`198.51.100.7` is `0xC6336407`).
public struct IPv4Address: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Strict dotted quad: four decimal numbers 0-255, no leading zeros (which some parsers read as octal).
    public init(_ text: String) throws(NetworkValueError) {
        guard let value = IPv4Address.parse(Substring(NetworkText.trimmed(text))) else { throw .invalidIPv4(text) }
        self.value = value
    }

    /// `nil` unless `text` is exactly a dotted quad.
    public init?(parsing text: Substring) {
        guard let value = IPv4Address.parse(text) else { return nil }
        self.value = value
    }

    /// The four bytes in network order.
    public var bytes: [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    public var isLoopback: Bool { value >> 24 == 127 }
    /// 169.254.0.0/16, never reachable from another link.
    public var isLinkLocal: Bool { value >> 16 == 0xA9FE }
    public var isUnspecified: Bool { value == 0 }
    /// 224.0.0.0/4 and the limited broadcast address.
    public var isMulticastOrBroadcast: Bool { value >> 28 == 0xE || value == .max }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = IPv4Address.parse(Substring(text)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: NetworkValueError.invalidIPv4(text).description))
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func parse(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let number = NetworkText.decimal(part, maxDigits: 3), number <= 255, part.count == 1 || part.first != "0" else {
                return nil
            }
            value = value << 8 | UInt32(number)
        }
        return value
    }
}
