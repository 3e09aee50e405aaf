/// `application/x-www-form-urlencoded` bodies and query strings that survive Proxmox's decoder.
///
/// Proxmox splits pairs on `&` and `;`, keeps only the first two `=`-separated parts and turns `+` into a
/// space, so every byte outside `A-Z a-z 0-9 - . _ ~` is percent-encoded (UTF-8 first).
public enum FormEncoding {
    public static let contentType = "application/x-www-form-urlencoded"

    /// `key=value&key=value`, both sides encoded, in the given order.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes every UTF-8 byte outside the unreserved set.
    public static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
