/// An Ethernet MAC address (six bytes).
///
/// Parsing accepts `BC:24:11:5E:7A:01`, `bc-24-11-5e-7a-01` and `bc24115e7a01`; comparison ignores case
/// because the value is stored as bytes. `description` is Proxmox's form: upper case with colons.
public struct MACAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Exactly six bytes, or `nil`.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    public init(_ text: String) throws(NetworkValueError) {
        let trimmed = NetworkText.trimmed(text)
        guard let bytes = MACAddress.parseBytes(trimmed) else { throw .invalidMAC(text) }
        self.bytes = bytes
    }

    /// Parses and also requires a unicast address (what a NIC can be woken or found by).
    public static func unicast(_ text: String) throws(NetworkValueError) -> MACAddress {
        let mac = try MACAddress(text)
        guard mac.isUnicast else { throw .notUnicastMAC(text) }
        return mac
    }

    /// Not multicast/broadcast (low bit of the first octet clear) and not all zeros.
    public var isUnicast: Bool { bytes[0] & 0x01 == 0 && bytes.contains { $0 != 0 } }

    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    public var description: String { bytes.map { NetworkText.hexPair($0, uppercase: true) }.joined(separator: ":") }

    /// Lower-case form, as Linux and the guest agent print it.
    public var lowercased: String { bytes.map { NetworkText.hexPair($0, uppercase: false) }.joined(separator: ":") }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let bytes = MACAddress.parseBytes(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: NetworkValueError.invalidMAC(text).description))
        }
        self.bytes = bytes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func parseBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        let pairs: [ArraySlice<UInt8>]
        if utf8.count == 12 {
            pairs = stride(from: 0, to: 12, by: 2).map { utf8[$0..<($0 + 2)] }
        } else if utf8.count == 17, let separator = [UInt8(ascii: ":"), UInt8(ascii: "-")].first(where: { $0 == utf8[2] }) {
            let parts = utf8.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 6, parts.allSatisfy({ $0.count == 2 }) else { return nil }
            pairs = parts
        } else {
            return nil
        }
        var bytes: [UInt8] = []
        for pair in pairs {
            guard let first = pair.first, let last = pair.last,
                  let high = NetworkText.hexValue(first), let low = NetworkText.hexValue(last) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
