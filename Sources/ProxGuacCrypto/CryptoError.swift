/// Everything that can go wrong while loading keys or encrypting and decrypting passwords.
///
/// Every description is one line that names what is wrong and how to fix it. No case carries
/// key material, a passphrase, a plaintext password or the text of an encrypted value: only
/// file paths, key ids (8 hex digits), version tags and the name of the part that is broken.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `encryption.keyFile` nor `PROXGUAC_ENCRYPTION_KEY` is set.
    case noKeyConfigured
    /// The key file could not be read (missing, permission denied, not a regular file...).
    case keyFileUnreadable(path: String, reason: String)
    /// The key text is not base64 of exactly 32 bytes. `origin` says where it came from.
    case keyMalformed(origin: String, problem: String)
    /// `keygen` without `--force` found a file at the target path.
    case keyFileExists(path: String)
    /// The key file could not be created or written.
    case keyFileWriteFailed(path: String, reason: String)
    /// The legacy passphrase file could not be read.
    case passphraseUnreadable(path: String, reason: String)
    /// The legacy passphrase is empty.
    case passphraseEmpty(origin: String)
    /// The value names a key id that is not in the key ring. `loaded` describes the loaded keys.
    case unknownKeyID(keyID: String, loaded: [String])
    /// The value does not authenticate under the key it names: wrong key, or altered/truncated value.
    case authenticationFailed(key: String)
    /// The value cannot be parsed; `part` names the broken part, `problem` says what is wrong with it.
    case malformedToken(part: String, problem: String)
    /// The value starts with a version tag (e.g. `v2`) that this build cannot read.
    case unsupportedVersion(String)
    /// The value is a legacy Fernet token but no legacy passphrase is configured.
    case legacyPassphraseMissing
    /// Only a legacy passphrase is configured and a new value has to be sealed.
    case keyNeededToEncrypt
    /// Only a legacy passphrase is configured and the value is a proxguac `v1` value.
    case keyNeededToDecrypt
    /// libcrypto reported a failure that no input can cause (allocation, broken installation).
    case openSSLFailure(operation: String, detail: String)
    /// A `v2` value bound to another guest (`boundVMID`) or user was copied here; `cluster` is this guest's named cluster.
    case encryptedForAnotherGuest(boundVMID: Int, here: Int, cluster: String? = nil)
    /// A `v2` value names this guest but does not authenticate for this entry's user (copied from another user, or
    /// from the same vmid of another cluster when `cluster` names this guest's cluster, or altered).
    case encryptedForAnotherUser(vmid: Int, cluster: String? = nil)
    /// A `v1` or legacy value the state last saw elsewhere (copied, cloned or from a template); `here` is the guest (`101`, `lab/101`).
    case copiedValue(seenAt: String, here: String)
    /// A `v2` value used where no guest is known (e.g. in the config).
    case boundValueWithoutGuest(boundVMID: Int)

    public var description: String {
        switch self {
        case .noKeyConfigured:
            return "no encryption key configured: set encryption.keyFile (create one with "
                + "`proxguac keygen --output FILE`) or the \(EncryptionSettings.keyEnvironmentVariable) environment variable"
        case .keyFileUnreadable(let path, let reason):
            return "cannot read encryption key file \(path) (\(reason)): check the path, "
                + "or create the file with `proxguac keygen --output \(path)`"
        case .keyMalformed(let origin, let problem):
            return "encryption key from \(origin) is not valid: \(problem); "
                + "expected one line of base64 encoding 32 bytes, as written by `proxguac keygen`"
        case .keyFileExists(let path):
            return "\(path) already exists: refusing to replace an encryption key; pass --force to replace it "
                + "(keep a copy of the old key and list it in encryption.previousKeyFiles, or its passwords become unreadable)"
        case .keyFileWriteFailed(let path, let reason):
            return "cannot write encryption key file \(path) (\(reason)): check that the directory exists and is writable"
        case .passphraseUnreadable(let path, let reason):
            return "cannot read legacy passphrase file \(path) (\(reason)): check encryption.legacyPassphraseFile"
        case .passphraseEmpty(let origin):
            return "legacy passphrase from \(origin) is empty: put the ENCRYPTION_KEY of the old "
                + "Proxmox-Guacamole-Sync config in it"
        case .unknownKeyID(let keyID, let loaded):
            let loadedText = loaded.isEmpty ? "none" : loaded.joined(separator: ", ")
            return "encrypted value was made with key \(keyID), which is not loaded (loaded: \(loadedText)): "
                + "add that key's file to encryption.previousKeyFiles"
        case .authenticationFailed(let key):
            return "encrypted value does not authenticate with \(key): wrong key, or the value was altered "
                + "or truncated; copy the whole value again or re-enter the password"
        case .malformedToken(let part, let problem):
            return "encrypted value is malformed: \(part) \(problem); copy the whole value again or re-enter the password"
        case .unsupportedVersion(let version):
            return "encrypted value has format version \(version), but this proxguac only reads v1 and v2: upgrade proxguac"
        case .legacyPassphraseMissing:
            return "value is a legacy Proxmox-Guacamole-Sync (Fernet) token, but no legacy passphrase is configured: "
                + "set encryption.legacyPassphraseFile or \(EncryptionSettings.legacyPassphraseEnvironmentVariable)"
        case .keyNeededToEncrypt:
            return "writing a new encrypted value needs encryption.keyFile (create one with `proxguac keygen --output FILE`): "
                + "encryption.legacyPassphraseFile alone only reads the Proxmox-Guacamole-Sync (Fernet) values"
        case .keyNeededToDecrypt:
            return "this is a proxguac v1 value and only encryption.legacyPassphraseFile is configured, which reads "
                + "Proxmox-Guacamole-Sync (Fernet) values only: set encryption.keyFile to the key that made it"
        case .openSSLFailure(let operation, let detail):
            return "OpenSSL \(operation) failed (\(detail)): the libcrypto installation looks broken; reinstall libssl3"
        case .encryptedForAnotherGuest(let bound, let here, let cluster):
            return "encrypted for another guest (\(bound)), not this one: a copied value is never opened; re-enter the password, "
                + "or if this guest is a clone an admin confirms with `proxguac rekey --new-key KEY --vmid \(Self.guest(here, cluster)) --accept-copied`"
        case .encryptedForAnotherUser(let vmid, nil):
            return "encrypted for another guest or user (or altered): it does not open for this entry's user; re-enter the password, "
                + "or an admin confirms with `proxguac rekey --new-key KEY --vmid \(vmid) --accept-copied`"
        case .encryptedForAnotherUser(let vmid, let cluster?):
            return "encrypted for another cluster, guest or user (or altered): it does not open for this entry's user in cluster \"\(cluster)\"; "
                + "re-enter the password, or an admin confirms with `proxguac rekey --new-key KEY --vmid \(Self.guest(vmid, cluster)) --accept-copied`"
        case .copiedValue(let seenAt, let here):
            return "encrypted for another guest: this value was last seen at \(seenAt) and is refused here (a copy, clone or template); "
                + "re-enter the password, or an admin confirms with `proxguac rekey --new-key KEY --vmid \(here) --accept-copied`"
        case .boundValueWithoutGuest(let bound):
            return "value is bound to guest \(bound) (format v2) and can only be used in that guest's notes; "
                + "make config values with `proxguac add-external`"
        }
    }
}

/// A decryption failure for one credential line, naming the guest and user it belongs to.
///
/// Sync reports this per entry and carries on with the other entries.
public struct CredentialDecryptionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let guest: String
    public let user: String
    public let cause: CryptoError

    public init(guest: String, user: String, cause: CryptoError) {
        self.guest = guest
        self.user = user
        self.cause = cause
    }

    public var description: String {
        "guest \(guest), user \(user): cannot use encrypted_password: \(cause)"
    }
}

extension CryptoError {
    /// `101`, or `lab/101` for a named cluster's guest (how `--vmid` takes it).
    static func guest(_ vmid: Int, _ cluster: String?) -> String { cluster.map { "\($0)/\(vmid)" } ?? String(vmid) }
}
