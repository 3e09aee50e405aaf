internal import CProxGuacCrypto

/// AES-256-GCM through OpenSSL EVP: the raw primitive under `PasswordCipher`.
///
/// Public so its known-answer test can drive it with fixed nonces. Application code should use
/// `PasswordCipher`, which draws a fresh random nonce for every value.
public enum AESGCM {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    /// Nonce, ciphertext (same length as the plaintext) and 128-bit authentication tag.
    public struct SealedBox: Sendable, Equatable {
        public var nonce: [UInt8]
        public var ciphertext: [UInt8]
        public var tag: [UInt8]

        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }
    }

    /// Encrypts and authenticates `plaintext`, also authenticating (not encrypting) `aad`.
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], authenticating aad: [UInt8] = []
    ) throws(CryptoError) -> SealedBox {
        try checkSizes(key: key, nonce: nonce)
        return try secureCopy(of: key).withUnsafeBytes { (key) throws(CryptoError) in
            try seal(plaintext, key: key, nonce: nonce, aad: aad)
        }
    }

    /// Verifies and decrypts `box`; throws `.authenticationFailed` if anything was altered or the key is wrong.
    public static func open(_ box: SealedBox, key: [UInt8], authenticating aad: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        try checkSizes(key: key, nonce: box.nonce)
        let plaintext = try secureCopy(of: key).withUnsafeBytes { (key) throws(CryptoError) in
            try open(box, key: key, aad: aad)
        }
        guard let plaintext else { throw .authenticationFailed(key: "the given key") }
        return plaintext
    }

    private static func secureCopy(of key: [UInt8]) -> SecureBytes {
        var copy = key
        return SecureBytes(consuming: &copy)
    }

    private static func checkSizes(key: [UInt8], nonce: [UInt8]) throws(CryptoError) {
        guard key.count == keySize else {
            throw .keyMalformed(origin: "the caller", problem: "AES-256-GCM needs a 32-byte key, got \(key.count) bytes")
        }
        guard nonce.count == nonceSize else {
            throw .malformedToken(part: "nonce", problem: "must be 12 bytes, got \(nonce.count)")
        }
    }

    static func seal(_ plaintext: [UInt8], key: UnsafeRawBufferPointer, nonce: [UInt8], aad: [UInt8]) throws(CryptoError) -> SealedBox {
        let context = try CipherContext()
        let ctx = context.pointer
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1,
              EVP_EncryptInit_ex(ctx, nil, nil, key.bindMemory(to: UInt8.self).baseAddress, nonce) == 1
        else { throw .openSSL("AES-256-GCM encrypt init") }

        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { throw .openSSL("AES-256-GCM AAD") }
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written = 0
        let ok = ciphertext.withUnsafeMutableBufferPointer { out -> Bool in
            if !plaintext.isEmpty {
                guard EVP_EncryptUpdate(ctx, out.baseAddress, &length, plaintext, Int32(plaintext.count)) == 1 else { return false }
                written = Int(length)
            }
            guard EVP_EncryptFinal_ex(ctx, out.baseAddress.map { $0 + written }, &length) == 1 else { return false }
            written += Int(length)
            return true
        }
        guard ok else { throw .openSSL("AES-256-GCM encrypt") }
        ciphertext.removeLast(ciphertext.count - written)

        var tag = [UInt8](repeating: 0, count: tagSize)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1 else {
            throw .openSSL("AES-256-GCM get tag")
        }
        return SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// The plaintext, or nil when the tag does not verify. Never returns partial plaintext.
    static func open(_ box: SealedBox, key: UnsafeRawBufferPointer, aad: [UInt8]) throws(CryptoError) -> [UInt8]? {
        guard box.nonce.count == nonceSize, box.tag.count == tagSize else { return nil }
        let context = try CipherContext()
        let ctx = context.pointer
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1,
              EVP_DecryptInit_ex(ctx, nil, nil, key.bindMemory(to: UInt8.self).baseAddress, box.nonce) == 1
        else { throw .openSSL("AES-256-GCM decrypt init") }

        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { throw .openSSL("AES-256-GCM AAD") }
        }
        var plaintext = [UInt8](repeating: 0, count: box.ciphertext.count + 16)
        var written = 0
        var tag = box.tag
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1 else {
            throw .openSSL("AES-256-GCM set tag")
        }
        let authentic = plaintext.withUnsafeMutableBufferPointer { out -> Bool in
            if !box.ciphertext.isEmpty {
                guard EVP_DecryptUpdate(ctx, out.baseAddress, &length, box.ciphertext, Int32(box.ciphertext.count)) == 1 else {
                    return false
                }
                written = Int(length)
            }
            guard EVP_DecryptFinal_ex(ctx, out.baseAddress.map { $0 + written }, &length) > 0 else { return false }
            written += Int(length)
            return true
        }
        guard authentic else {
            wipe(&plaintext)
            return nil
        }
        plaintext.removeLast(plaintext.count - written)
        return plaintext
    }
}

/// Owns one `EVP_CIPHER_CTX` and frees it (which also wipes its key schedule).
final class CipherContext {
    let pointer: OpaquePointer

    init() throws(CryptoError) {
        guard let pointer = EVP_CIPHER_CTX_new() else { throw .openSSL("EVP_CIPHER_CTX_new") }
        self.pointer = pointer
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }
}
