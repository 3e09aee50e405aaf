internal import CProxGuacCrypto

/// Hashes and MACs used for key ids, legacy key derivation and Fernet tokens.
public enum Digest {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var input = Array(bytes)
        defer { wipe(&input) }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = input.withUnsafeBytes { data in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(data.baseAddress, data.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // Only an allocation failure inside libcrypto can make this fail; no input can.
        precondition(status == 1 && length == 32, "libcrypto SHA-256 failed")
        return digest
    }

    /// HMAC-SHA256 of `data` under `key` (32 bytes).
    static func hmacSHA256(key: UnsafeRawBufferPointer, data: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = data.withUnsafeBufferPointer { input in
            mac.withUnsafeMutableBufferPointer { out in
                HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), input.baseAddress, input.count, out.baseAddress, &length)
            }
        }
        // As above: HMAC over in-memory bytes fails only if libcrypto cannot allocate.
        precondition(result != nil && length == 32, "libcrypto HMAC-SHA256 failed")
        return mac
    }

    /// Compares two byte strings in time that depends only on their length (`CRYPTO_memcmp`).
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
