/// The text form of a password encrypted by proxguac: `v2:<keyid>:<vmid>:<data>` (bound) or `v1:<keyid>:<data>`.
///
/// - `v1` / `v2`: format version (AES-256-GCM, 96-bit nonce, 128-bit tag).
/// - `<keyid>`: 8 lowercase hex digits, the id of the key that sealed it (see `EncryptionKey`).
/// - `<vmid>` (v2 only): the guest the value is bound to, in clear so a copy can be named.
/// - `<data>`: unpadded base64url of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
///
/// v1's associated data is the header `v1:<keyid>`: nothing about the guest is bound in. v2's is
/// `CiphertextBinding.associatedData`: the header, the entry's user and the cluster name, so a value
/// copied to another guest or user does not open (see docs/encryption.md).
struct VersionedToken: Equatable {
    static let version = "v1"
    static let boundVersion = "v2"

    let keyID: String
    let box: AESGCM.SealedBox
    /// The guest a v2 value is bound to; nil for v1.
    var boundVMID: Int? = nil

    var associatedData: [UInt8] { Self.associatedData(keyID: keyID) }

    /// The authenticated header `v1:<keyid>`.
    static func associatedData(keyID: String) -> [UInt8] { Array("\(version):\(keyID)".utf8) }

    var text: String {
        let data = Base64.encode(box.nonce + box.ciphertext + box.tag, alphabet: .url, padded: false)
        if let boundVMID { return "\(Self.boundVersion):\(keyID):\(boundVMID):\(data)" }
        return "\(Self.version):\(keyID):\(data)"
    }

    init(keyID: String, box: AESGCM.SealedBox, boundVMID: Int? = nil) {
        self.keyID = keyID
        self.box = box
        self.boundVMID = boundVMID
    }

    /// Parses a `v1:` or `v2:` value; the caller has already checked the version tag.
    init(parsing value: Substring) throws(CryptoError) {
        var parts = value.split(separator: ":", omittingEmptySubsequences: false)
        if parts.first == Substring(Self.boundVersion) {
            guard parts.count == 4 else {
                throw .malformedToken(part: "structure", problem: "has \(parts.count) colon-separated parts instead of 4 (v2:<key id>:<vmid>:<data>)")
            }
            guard parts[2].count <= 9, parts[2].utf8.allSatisfy({ (48...57).contains($0) }), let vmid = Int(parts[2]) else {
                throw .malformedToken(part: "vmid", problem: "is not a guest id")
            }
            boundVMID = vmid
            parts.remove(at: 2)
        } else {
            guard parts.count == 3 else {
                throw .malformedToken(part: "structure", problem: "has \(parts.count) colon-separated parts instead of 3 (v1:<key id>:<data>)")
            }
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
