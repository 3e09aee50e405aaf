import ProxGuacCore

/// Encrypts passwords for guest notes and decrypts every form proxguac can meet there.
///
/// Holds a key ring: `current` seals new values; `current` and `previous` open `v1` values by the
/// key id they carry; a legacy passphrase (optional) opens Proxmox-Guacamole-Sync Fernet tokens.
/// With only a legacy passphrase (``legacyOnly(passphrase:)``) the ring reads the original's values but
/// cannot seal new ones: `encrypt` then fails with ``CryptoError/keyNeededToEncrypt``.
public struct PasswordCipher: Sendable {
    /// The key that seals new values; nil for a legacy-only ring.
    public private(set) var current: EncryptionKey?
    public private(set) var previous: [EncryptionKey]
    private let legacyKeys: [FernetKey]

    /// A ring that only reads Proxmox-Guacamole-Sync Fernet values (`encryption.legacyPassphraseFile` alone).
    public static func legacyOnly(passphrase: Secret) -> PasswordCipher {
        PasswordCipher(sealing: nil, legacyPassphrase: passphrase)
    }

    private init(sealing current: EncryptionKey?, legacyPassphrase: Secret) {
        self.current = current
        previous = []
        let direct = try? FernetKey(base64URL: legacyPassphrase.value)
        legacyKeys = [FernetKey(passphrase: legacyPassphrase)] + (direct.map { [$0] } ?? [])
    }

    /// Every key that opens `v1` values, current first.
    public var loadedKeys: [EncryptionKey] { (current.map { [$0] } ?? []) + previous }

    /// `legacyPassphrase` is the old tool's `ENCRYPTION_KEY`; if that text is itself a Fernet key,
    /// tokens made with it directly (plain `gAAAA…`) are accepted as well.
    public init(current: EncryptionKey, previous: [EncryptionKey] = [], legacyPassphrase: Secret? = nil) {
        self.current = current
        self.previous = previous
        if let legacyPassphrase {
            let direct = try? FernetKey(base64URL: legacyPassphrase.value)
            legacyKeys = [FernetKey(passphrase: legacyPassphrase)] + (direct.map { [$0] } ?? [])
        } else {
            legacyKeys = []
        }
    }

    /// The key ring for a rekey: `newKey` seals, and every key of this ring (current, previous,
    /// legacy) still opens old values. A key with `newKey`'s id is not listed twice.
    public func rotated(to newKey: EncryptionKey) -> PasswordCipher {
        var copy = self
        copy.current = newKey
        copy.previous = loadedKeys.filter { $0.id != newKey.id }
        return copy
    }

    /// A fresh `v1:<keyid>:<data>` value under the current key, with a new random nonce.
    public func encrypt(_ plaintext: Secret) throws(CryptoError) -> String {
        let (keyID, box) = try seal(plaintext) { VersionedToken.associatedData(keyID: $0) }
        return VersionedToken(keyID: keyID, box: box).text
    }

    /// A fresh `v2:<keyid>:<vmid>:<data>` value bound to `binding`, under the current key.
    public func encrypt(_ plaintext: Secret, boundTo binding: CiphertextBinding) throws(CryptoError) -> String {
        let (keyID, box) = try seal(plaintext) { binding.associatedData(keyID: $0) }
        return VersionedToken(keyID: keyID, box: box, boundVMID: binding.vmid).text
    }

    /// Seals `plaintext` under the current key with a new random nonce and the associated data made
    /// for that key's id; the plaintext bytes are wiped afterwards.
    private func seal(_ plaintext: Secret, associatedData: (String) -> [UInt8]) throws(CryptoError) -> (keyID: String, box: AESGCM.SealedBox) {
        guard let current else { throw .keyNeededToEncrypt }
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        var bytes = Array(plaintext.value.utf8)
        defer { wipe(&bytes) }
        let aad = associatedData(current.id)
        let box = try current.material.withUnsafeBytes { (key) throws(CryptoError) in
            try AESGCM.seal(bytes, key: key, nonce: nonce, aad: aad)
        }
        return (current.id, box)
    }

    /// The password inside `value` (a `v1` value, or a legacy token if a passphrase is loaded).
    /// A bound `v2` value needs its place: use ``decrypt(_:boundTo:)``.
    public func decrypt(_ value: String) throws(CryptoError) -> Secret {
        if case .v1(let token) = try TokenFormat(of: value), let vmid = token.boundVMID {
            throw .boundValueWithoutGuest(boundVMID: vmid)
        }
        return try decrypt(value, binding: nil)
    }

    /// The password inside `value` found in `binding`'s notes: a `v2` value opens only there (else
    /// `.encryptedForAnotherGuest` / `.encryptedForAnotherUser`); `v1` and legacy values open anywhere
    /// (the caller checks where the state last saw them, see `CiphertextSightings`).
    /// `formerClusters`: older cluster names (nil: no cluster) a value of this guest may still be bound to (a cluster
    /// named or renamed since the value was written); the binding's own cluster is tried first.
    public func decrypt(_ value: String, boundTo binding: CiphertextBinding, formerClusters: [String?] = []) throws(CryptoError) -> Secret {
        try open(value, binding: binding, formerClusters: formerClusters).secret
    }

    /// ``decrypt(_:boundTo:formerClusters:)``, also saying which cluster binding the value carries: `.current` (the
    /// binding's own cluster, and every value that is not bound), or `.former(name)` when it opened only with one of
    /// `formerClusters` (nil inside: bound to no cluster), i.e. it still needs re-binding to the current name.
    public func decryptNotingBinding(_ value: String, boundTo binding: CiphertextBinding,
                                     formerClusters: [String?]) throws(CryptoError) -> (secret: Secret, binding: ClusterBindingMatch) {
        let opened = try open(value, binding: binding, formerClusters: formerClusters)
        return (opened.secret, opened.former.map { .former($0) } ?? .current)
    }

    /// The vmid a `v2` value is bound to; nil for other values (and for unparseable ones).
    public static func boundVMID(of value: String) -> Int? {
        if case .v1(let token)? = try? TokenFormat(of: value) { return token.boundVMID }
        return nil
    }

    /// True for `v2` values (bound to a guest and user).
    public static func isBound(_ value: String) -> Bool { boundVMID(of: value) != nil }

    private func decrypt(_ value: String, binding: CiphertextBinding?) throws(CryptoError) -> Secret {
        try open(value, binding: binding, formerClusters: []).secret
    }

    /// The password, and the former cluster a bound value opened with (nil: with `binding` itself, or not bound).
    private func open(_ value: String, binding: CiphertextBinding?, formerClusters: [String?]) throws(CryptoError) -> (secret: Secret, former: String??) {
        switch try TokenFormat(of: value) {
        case .legacyFernet:
            guard !legacyKeys.isEmpty else { throw .legacyPassphraseMissing }
            return (try LegacyFernet.decrypt(value, keys: legacyKeys), nil)
        case .v1(let token):
            var associatedData = [token.associatedData]
            var clusters: [String?] = [nil]
            if let bound = token.boundVMID, let binding {
                guard bound == binding.vmid else {
                    throw .encryptedForAnotherGuest(boundVMID: bound, here: binding.vmid, cluster: binding.cluster)
                }
                clusters = [binding.cluster] + formerClusters.filter { $0 != binding.cluster }
                associatedData = clusters.map { cluster in
                    CiphertextBinding(vmid: binding.vmid, user: binding.user, cluster: cluster).associatedData(keyID: token.keyID)
                }
            }
            let candidates = loadedKeys.filter { $0.id == token.keyID }
            guard !candidates.isEmpty else {
                if loadedKeys.isEmpty { throw .keyNeededToDecrypt }
                throw .unknownKeyID(keyID: token.keyID, loaded: loadedKeys.map(\.description))
            }
            for key in candidates {
                for (index, aad) in associatedData.enumerated() {
                    let opened = try key.material.withUnsafeBytes { (key) throws(CryptoError) in
                        try AESGCM.open(token.box, key: key, aad: aad)
                    }
                    guard var plaintext = opened else { continue }
                    defer { wipe(&plaintext) }
                    guard let text = String(validating: plaintext, as: UTF8.self) else {
                        throw .malformedToken(part: "plaintext", problem: "is not UTF-8 text")
                    }
                    return (Secret(text), index == 0 ? nil : .some(clusters[index]))
                }
            }
            if let bound = token.boundVMID { throw .encryptedForAnotherUser(vmid: bound, cluster: binding?.cluster) }
            throw .authenticationFailed(key: candidates[0].description)
        }
    }

    /// `decrypt`, with a failure naming the guest and user it belongs to.
    public func decrypt(_ value: String, guest: String, user: String) throws(CredentialDecryptionError) -> Secret {
        do {
            return try decrypt(value)
        } catch {
            throw CredentialDecryptionError(guest: guest, user: user, cause: error)
        }
    }

    /// True for legacy tokens and for `v1` values sealed by a key other than `current`.
    /// False for current-key values and for anything unparseable (which `decrypt` reports).
    public func needsReencryption(_ value: String) -> Bool {
        switch try? TokenFormat(of: value) {
        case .legacyFernet: true
        case .v1(let token): token.keyID != current?.id
        case nil: false
        }
    }

    /// `value` as a `v2` value bound to `binding` under the current key. A current-key `v2` value already
    /// bound there comes back unchanged. `openAt` is where the value may be opened (its own binding; for an
    /// admin-accepted copy, the binding it was made for); v1 and legacy values open anywhere, so the caller
    /// must have checked where they were seen.
    /// `formerClusters` as for ``decrypt(_:boundTo:formerClusters:)``: a value bound to one of them is sealed again
    /// for `binding`'s cluster (a cluster named or renamed since).
    public func rebind(_ value: String, to binding: CiphertextBinding, openAt: CiphertextBinding? = nil,
                       formerClusters: [String?] = []) throws(CryptoError) -> String {
        let (plaintext, former) = try open(value, binding: openAt ?? binding, formerClusters: formerClusters)
        let exact = former == nil
        if case .v1(let token)? = try? TokenFormat(of: value), token.boundVMID == binding.vmid,
           token.keyID == current?.id, openAt == nil || openAt == binding, exact {
            return value
        }
        return try encrypt(plaintext, boundTo: binding)
    }

    /// `value` under the current key: decrypts it (so broken values throw) and, unless it already
    /// uses the current key, seals it again. Current-key values come back unchanged, so re-running
    /// a rekey does not rewrite notes.
    public func reencrypt(_ value: String) throws(CryptoError) -> String {
        let plaintext = try decrypt(value)
        guard needsReencryption(value) else { return value }
        return try encrypt(plaintext)
    }
}

/// Which kind of encrypted value a string is.
enum TokenFormat {
    case v1(VersionedToken)
    case legacyFernet

    init(of value: String) throws(CryptoError) {
        let value = value.trimmingWhitespace()
        if LegacyFernet.isLegacyToken(String(value)) {
            self = .legacyFernet
            return
        }
        let tag = value.prefix { $0 != ":" }
        let isVersionTag = tag.count >= 2 && tag.count <= 5 && tag.first == "v"
            && tag.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
        guard isVersionTag, tag.endIndex < value.endIndex else {
            throw .malformedToken(part: "prefix", problem: "is neither v2:<key id>:<vmid>:<data>, v1:<key id>:<data> nor a legacy Fernet token")
        }
        guard tag == VersionedToken.version || tag == VersionedToken.boundVersion else { throw .unsupportedVersion(String(tag)) }
        self = .v1(try VersionedToken(parsing: value))
    }
}

/// Which cluster binding a bound value opened with (see ``PasswordCipher/decryptNotingBinding(_:boundTo:formerClusters:)``).
public enum ClusterBindingMatch: Sendable, Hashable {
    /// The guest's current cluster name (or the value is not bound to a cluster at all).
    case current
    /// A former name of the guest's cluster (`previousNames`), or nil: no cluster (written before it was named).
    case former(String?)
}
