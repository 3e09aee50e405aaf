internal import CProxGuacCrypto
import ProxGuacCore

/// RFC 6238 time-based one-time passwords (HOTP of RFC 4226 over the time step), as Guacamole's TOTP extension
/// checks them: HMAC-SHA-1/256/512 of the big-endian step counter, dynamic truncation, the last `digits` digits.
public struct TOTPGenerator: Sendable {
    let key: [UInt8]
    public let digits: Int
    /// Seconds per step.
    public let period: Int
    public let algorithm: GuacamoleTOTPSettings.Algorithm

    public init(key: [UInt8], digits: Int = 6, period: Int = 30, algorithm: GuacamoleTOTPSettings.Algorithm = .sha1) {
        self.key = key
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// From the configuration; nil when the secret is not base32 (the parser has already refused that).
    public init?(_ settings: GuacamoleTOTPSettings) {
        guard let key = Base32.decode(settings.secret.secret.value) else { return nil }
        self.init(key: key, digits: settings.digits, period: settings.period, algorithm: settings.algorithm)
    }

    /// The step that `unixTime` (seconds since 1970) falls in.
    public func step(at unixTime: Double) -> Int64 {
        Int64((unixTime / Double(period)).rounded(.down))
    }

    /// When `step` begins, in seconds since 1970.
    public func start(of step: Int64) -> Double {
        Double(step) * Double(period)
    }

    /// The code for one time step, zero-padded to `digits`.
    public func code(step: Int64) -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 { counter[7 - index] = UInt8(truncatingIfNeeded: UInt64(bitPattern: step) >> UInt64(8 * index)) }
        let mac = hmac(counter)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private func hmac(_ data: [UInt8]) -> [UInt8] {
        let (digest, size): (OpaquePointer?, Int) =
            switch algorithm {
            case .sha1: (EVP_sha1(), 20)
            case .sha256: (EVP_sha256(), 32)
            case .sha512: (EVP_sha512(), 64)
            }
        var mac = [UInt8](repeating: 0, count: size)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBufferPointer { input in
                mac.withUnsafeMutableBufferPointer { out in
                    HMAC(digest, keyBytes.baseAddress, Int32(keyBytes.count), input.baseAddress, input.count, out.baseAddress, &length)
                }
            }
        }
        // HMAC over in-memory bytes fails only when libcrypto cannot allocate.
        precondition(result != nil && Int(length) == size, "libcrypto HMAC failed")
        return mac
    }
}
