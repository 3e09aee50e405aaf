/// RFC 4648 base32 (`A`–`Z`, `2`–`7`), as authenticator apps and Guacamole's TOTP extension show secrets.
/// Decoding ignores case, spaces, dashes and `=` padding.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The bytes, or nil when `text` holds any other character (or nothing).
    public static func decode(_ text: String) -> [UInt8]? {
        var buffer: UInt64 = 0
        var bits = 0
        var bytes: [UInt8] = []
        var any = false
        for scalar in text.uppercased().utf8 {
            if scalar == UInt8(ascii: " ") || scalar == UInt8(ascii: "-") || scalar == UInt8(ascii: "=") { continue }
            guard let value = alphabet.firstIndex(of: scalar) else { return nil }
            any = true
            buffer = (buffer << 5) | UInt64(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt64(bits)))
            }
        }
        return any ? bytes : nil
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        var buffer: UInt64 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                text.append(alphabet[Int((buffer >> UInt64(bits)) & 31)])
            }
        }
        if bits > 0 { text.append(alphabet[Int((buffer << UInt64(5 - bits)) & 31)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
