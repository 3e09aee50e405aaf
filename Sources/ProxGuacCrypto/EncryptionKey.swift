import ProxGuacCore

/// A 256-bit AES-GCM key for passwords in guest notes.
///
/// Key file format: one line, the standard base64 (RFC 4648 §4, with `=` padding) of 32 random
/// bytes, then a newline. Surrounding whitespace is ignored and the URL-safe alphabet is accepted too.
///
/// Key id: the first 8 lowercase hex digits of SHA-256 of the 32 key bytes, so an admin can check it with
/// `base64 -d FILE | sha256sum | cut -c1-8`. Every encrypted value names the id of the key that made it.
public struct EncryptionKey: Sendable, CustomStringConvertible {
    public static let byteCount = 32

    /// First 8 hex digits of SHA-256 of the key bytes.
    public let id: String
    /// Where the key came from, for error messages: `file /path`, `environment variable NAME` or `new key`.
    public let origin: String
    let material: SecureBytes

    init(consuming bytes: inout [UInt8], origin: String) throws(CryptoError) {
        guard bytes.count == Self.byteCount else {
            let count = bytes.count
            wipe(&bytes)
            throw .keyMalformed(origin: origin, problem: "it decodes to \(count) bytes instead of \(Self.byteCount)")
        }
        id = Self.keyID(of: bytes)
        self.origin = origin
        material = SecureBytes(consuming: &bytes)
    }

    /// A new random key (`RAND_bytes`).
    public static func generate() throws(CryptoError) -> EncryptionKey {
        var bytes = try SecureRandom.bytes(byteCount)
        return try EncryptionKey(consuming: &bytes, origin: "new key")
    }

    /// Parses key-file text; `origin` is used in error messages (e.g. `environment variable PROXGUAC_ENCRYPTION_KEY`).
    public static func parse(text: String, origin: String) throws(CryptoError) -> EncryptionKey {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .keyMalformed(origin: origin, problem: "it is empty") }
        guard var bytes = Base64.decode(trimmed, alphabet: .standard) ?? Base64.decode(trimmed, alphabet: .url) else {
            throw .keyMalformed(origin: origin, problem: "it is not base64")
        }
        return try EncryptionKey(consuming: &bytes, origin: origin)
    }

    /// Reads and parses a key file.
    public static func load(file path: String) throws(CryptoError) -> EncryptionKey {
        var bytes: [UInt8]
        do {
            bytes = try SmallFile.contents(of: path)
        } catch {
            throw .keyFileUnreadable(path: path, reason: error.reason)
        }
        defer { wipe(&bytes) }
        return try parse(text: String(decoding: bytes, as: UTF8.self), origin: "file \(path)")
    }

    /// The key-file text: base64 of the key and a newline. A `Secret`, so it cannot be printed by accident.
    public func fileContents() -> Secret {
        let encoded = material.withUnsafeBytes { Base64.encode(Array($0), alphabet: .standard, padded: true) }
        return Secret(encoded + "\n")
    }

    /// `key 1a2b3c4d (file /etc/proxguac/encryption.key)`: safe to show, names no key material.
    public var description: String { "key \(id) (\(origin))" }

    static func keyID(of bytes: [UInt8]) -> String {
        Digest.sha256(bytes).prefix(4).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
