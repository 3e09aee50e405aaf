internal import CProxGuacCrypto

/// AES-128-CBC with PKCS#7 padding, decryption only: the cipher inside legacy Fernet tokens.
enum AESCBC {
    /// The plaintext, or nil if the padding is invalid. Call only after the token's HMAC verified.
    static func decrypt128(_ ciphertext: [UInt8], key: SecureBytes, iv: [UInt8]) throws(CryptoError) -> [UInt8]? {
        guard key.count == 16, iv.count == 16, !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { return nil }
        let context = try CipherContext()
        let ctx = context.pointer
        let initialised = key.withUnsafeBytes { key in
            EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), nil, key.bindMemory(to: UInt8.self).baseAddress, iv)
        }
        guard initialised == 1 else { throw .openSSL("AES-128-CBC decrypt init") }

        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var written = 0
        let padded = plaintext.withUnsafeMutableBufferPointer { out -> Bool in
            guard EVP_DecryptUpdate(ctx, out.baseAddress, &length, ciphertext, Int32(ciphertext.count)) == 1 else { return false }
            written = Int(length)
            guard EVP_DecryptFinal_ex(ctx, out.baseAddress.map { $0 + written }, &length) == 1 else { return false }
            written += Int(length)
            return true
        }
        guard padded else {
            ERR_clear_error()
            wipe(&plaintext)
            return nil
        }
        plaintext.removeLast(plaintext.count - written)
        return plaintext
    }
}
