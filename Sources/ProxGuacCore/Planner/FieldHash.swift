/// A stable fingerprint of a connection's synced fields, stored in the state file to detect drift.
///
/// It is SHA-256 (pure Swift, `SHA256`) over a canonical, length-prefixed encoding:
///
///     "proxguac-fields-v1" 0x00
///     then for name, protocol and each parameter (sorted by UTF-8 bytes: name, value):
///     <decimal UTF-8 byte count> ":" <bytes> 0x00
///
/// so the same fields give the same hash on every run and machine, and no two different field sets
/// share an encoding. The hash covers the password, so a changed password is detected, but the state
/// file never holds the password itself; like any unsalted hash it could confirm a guessed password,
/// which is why the state file is written with mode 0600.
public struct FieldHash: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 64 lower-case hex characters.
    public let hex: String

    public init(of fields: ConnectionFields) {
        var encoding = CanonicalEncoding()
        encoding.append(fields.name)
        encoding.append(fields.protocolName)
        for (name, value) in fields.parameters.values.sorted(by: { ConnectionParameters.byteOrder($0.key, $1.key) }) {
            encoding.append(name)
            encoding.append(value)
        }
        hex = SHA256.hexDigest(encoding.bytes)
    }

    /// Wraps a stored hash (from the state file).
    public init(hex: String) {
        self.hex = hex
    }

    public init(from decoder: any Decoder) throws {
        hex = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    public var description: String { String(hex.prefix(12)) }
}

/// The length-prefixed encoding `FieldHash` hashes.
private struct CanonicalEncoding {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: "proxguac-fields-v1".utf8)
        bytes.append(0)
    }

    /// `<decimal UTF-8 byte count> ":" <bytes> 0x00`
    mutating func append(_ text: String) {
        let count = text.utf8.count
        var divisor = 1
        while divisor <= count / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(count / divisor % 10))
            divisor /= 10
        }
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }
}
