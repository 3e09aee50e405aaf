/// The text form of a password encrypted by proxguac: `v1:<keyid>:<data>`.
///
/// - `v1`: format version (AES-256-GCM, 96-bit nonce, 128-bit tag).
/// - `<keyid>`: 8 lowercase hex digits, the id of the key that sealed it (see `EncryptionKey`).
/// - `<data>`: unpadded base64url of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
///
/// The associated data is the header `v1:<keyid>`; nothing about the guest is bound in, so a
/// value stays valid when a VM is cloned (clones copy notes) or a line is copied to another guest.
struct VersionedToken: Equatable {
    static let version = "v1"

    let keyID: String
    let box: AESGCM.SealedBox

    var associatedData: [UInt8] { Self.associatedData(keyID: keyID) }

    /// The authenticated header `v1:<keyid>`.
    static func associatedData(keyID: String) -> [UInt8] { Array("\(version):\(keyID)".utf8) }

    var text: String {
        let data = box.nonce + box.ciphertext + box.tag
        return "\(Self.version):\(keyID):\(Base64.encode(data, alphabet: .url, padded: false))"
    }

    init(keyID: String, box: AESGCM.SealedBox) {
        self.keyID = keyID
        self.box = box
    }

    /// Parses a `v1:` value; the caller has already checked the version tag.
    init(parsing value: Substring) throws(CryptoError) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformedToken(part: "structure", problem: "has \(parts.count) colon-separated parts instead of 3 (v1:<key id>:<data>)")
        }
        let keyID = parts[1]
        guard keyID.count == 8, keyID.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw .malformedToken(part: "key id", problem: "is not 8 lowercase hex digits")
        }
        guard let data = Base64.decode(parts[2], alphabet: .url) else {
            throw .malformedToken(part: "data", problem: "is not base64url")
        }
        guard data.count >= AESGCM.nonceSize + AESGCM.tagSize else {
            throw .malformedToken(part: "data", problem: "is too short to hold a nonce and a tag (value truncated?)")
        }
        let tagStart = data.count - AESGCM.tagSize
        self.keyID = String(keyID)
        box = AESGCM.SealedBox(
            nonce: Array(data[..<AESGCM.nonceSize]),
            ciphertext: Array(data[AESGCM.nonceSize..<tagStart]),
            tag: Array(data[tagStart...])
        )
    }
}
