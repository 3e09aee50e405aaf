internal import CProxGuacCrypto
import Foundation

/// The lab's own TOTP (RFC 6238, HMAC-SHA-1, 6 digits), as Guacamole's TOTP extension checks codes with its
/// defaults: the current or the previous time step, and a code a user already used stays refused for two periods.
/// (A separate implementation from proxguac's, so the two check each other.)
public enum LabTOTP {
    /// The code for `secret` (base32) at `date`, with `period`-second steps; nil for a secret that is not base32.
    public static func code(secret: String, at date: Date = Date(), period: Int = 30) -> String? {
        guard let key = base32(secret) else { return nil }
        return code(key: key, step: Int64(date.timeIntervalSince1970) / Int64(period))
    }

    static func code(key: [UInt8], step: Int64) -> String {
        let counter = (0..<8).map { UInt8(truncatingIfNeeded: step >> (8 * (7 - $0))) }
        var mac = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        _ = key.withUnsafeBytes { keyBytes in
            counter.withUnsafeBufferPointer { input in
                mac.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha1(), keyBytes.baseAddress, Int32(keyBytes.count), input.baseAddress, input.count, out.baseAddress, &length)
                }
            }
        }
        let offset = Int(mac[19] & 0x0f)
        let value = (Int(mac[offset] & 0x7f) << 24) | (Int(mac[offset + 1]) << 16) | (Int(mac[offset + 2]) << 8) | Int(mac[offset + 3])
        let text = String(value % 1_000_000)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    static func base32(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bytes: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased() where character != "=" && character != " " {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = ((buffer << 5) | value) & 0xffff
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> bits) & 0xff))
            }
        }
        return bytes.isEmpty ? nil : bytes
    }
}
