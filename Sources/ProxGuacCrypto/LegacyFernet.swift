import ProxGuacCore

/// A Fernet key: 16 bytes HMAC-SHA256 signing key, then 16 bytes AES-128 encryption key.
public struct FernetKey: Sendable {
    let signing: SecureBytes
    let encryption: SecureBytes

    init(consuming bytes: inout [UInt8]) {
        let whole = SecureBytes(consuming: &bytes)
        signing = whole.slice(0..<16)
        encryption = whole.slice(16..<32)
    }

    /// A key in Fernet's own text form (base64url of 32 bytes, as `Fernet.generate_key()` prints).
    public init(base64URL text: String) throws(CryptoError) {
        guard var bytes = Base64.decode(text.trimmingWhitespace(), alphabet: .url), bytes.count == 32 else {
            throw .keyMalformed(origin: "Fernet key", problem: "it is not base64url of 32 bytes")
        }
        self.init(consuming: &bytes)
    }

    /// The key Proxmox-Guacamole-Sync used: SHA-256 of the UTF-8 passphrase (its config's `ENCRYPTION_KEY`).
    public init(passphrase: Secret) {
        var digest = Digest.sha256(passphrase.value.utf8)
        self.init(consuming: &digest)
    }
}

/// Reads passwords that the Python tool Proxmox-Guacamole-Sync left in guest notes.
///
/// That tool keyed Fernet with SHA-256(passphrase) and stored `base64url(fernet_token)`, so its
/// values start `Z0FBQUFB` (base64 of `gAAAAA`); plain Fernet tokens (`gAAAA…`) are read as well.
/// Fernet (spec: github.com/fernet/spec): `0x80` ‖ timestamp (8) ‖ IV (16) ‖ AES-128-CBC/PKCS#7
/// ciphertext ‖ HMAC-SHA256 of everything before it (32). The HMAC is checked in constant time
/// before anything is decrypted. Timestamps are not checked: the old tool never set a TTL.
public enum LegacyFernet {
    static let plainPrefix = "gAAAA"
    static let doubleEncodedPrefix = "Z0FBQUFB"

    /// Whether `value` looks like a legacy token (either form); says nothing about its validity.
    public static func isLegacyToken(_ value: String) -> Bool {
        let value = value.trimmingWhitespace()
        return value.hasPrefix(plainPrefix) || value.hasPrefix(doubleEncodedPrefix)
    }

    /// Decrypts with the key derived from `passphrase` exactly as Proxmox-Guacamole-Sync derived it.
    public static func decrypt(_ token: String, passphrase: Secret) throws(CryptoError) -> Secret {
        try decrypt(token, keys: [FernetKey(passphrase: passphrase)])
    }

    /// Decrypts with whichever of `keys` authenticates the token.
    public static func decrypt(_ token: String, keys: [FernetKey]) throws(CryptoError) -> Secret {
        let parsed = try FernetToken(parsing: token)
        guard let key = keys.first(where: parsed.isAuthentic(under:)) else {
            throw .authenticationFailed(key: "the legacy passphrase")
        }
        guard var plaintext = try AESCBC.decrypt128(parsed.ciphertext, key: key.encryption, iv: parsed.iv) else {
            throw .malformedToken(part: "Fernet ciphertext", problem: "has invalid padding although its HMAC matches")
        }
        defer { wipe(&plaintext) }
        guard let text = String(validating: plaintext, as: UTF8.self) else {
            throw .malformedToken(part: "Fernet plaintext", problem: "is not UTF-8 text")
        }
        return Secret(text)
    }
}

/// The binary fields of a Fernet token.
struct FernetToken {
    static let version: UInt8 = 0x80
    static let headerSize = 1 + 8 + 16
    static let macSize = 32

    let signed: [UInt8]
    let mac: [UInt8]
    var iv: [UInt8] { Array(signed[9..<Self.headerSize]) }
    var ciphertext: [UInt8] { Array(signed[Self.headerSize...]) }

    init(parsing value: String) throws(CryptoError) {
        var text = String(value.trimmingWhitespace())
        if text.hasPrefix(LegacyFernet.doubleEncodedPrefix) {
            guard let inner = Base64.decode(text, alphabet: .url), inner.allSatisfy({ $0 < 0x80 }) else {
                throw .malformedToken(part: "outer base64 layer", problem: "is not base64url of a Fernet token")
            }
            text = String(decoding: inner, as: UTF8.self)
        }
        guard let bytes = Base64.decode(text, alphabet: .url) else {
            throw .malformedToken(part: "Fernet token", problem: "is not base64url")
        }
        let minimum = Self.headerSize + 16 + Self.macSize
        guard bytes.count >= minimum else {
            throw .malformedToken(part: "Fernet token", problem: "is too short (value truncated?)")
        }
        guard bytes[0] == Self.version else {
            throw .malformedToken(part: "Fernet version byte", problem: "is not 0x80")
        }
        guard (bytes.count - Self.headerSize - Self.macSize) % 16 == 0 else {
            throw .malformedToken(part: "Fernet ciphertext", problem: "is not a whole number of AES blocks (value truncated?)")
        }
        signed = Array(bytes[..<(bytes.count - Self.macSize)])
        mac = Array(bytes[(bytes.count - Self.macSize)...])
    }

    func isAuthentic(under key: FernetKey) -> Bool {
        let expected = key.signing.withUnsafeBytes { Digest.hmacSHA256(key: $0, data: signed) }
        return Digest.constantTimeEquals(expected, mac)
    }
}
