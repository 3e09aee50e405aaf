internal import CProxGuacCrypto

/// Message digests used by the emulation (config digest, certificate fingerprint).
enum Hashing {
    static func sha1Hex(_ text: String) -> String {
        digest(Array(text.utf8), EVP_sha1()).map { hexByte($0) }.joined()
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, EVP_sha256())
    }

    private static func digest(_ bytes: [UInt8], _ md: OpaquePointer?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, md, nil)
        }
        return ok == 1 ? Array(out.prefix(Int(length))) : []
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
