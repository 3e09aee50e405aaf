/// A secret taken from the configuration, together with where it came from
/// (shown by `proxguac config check`; the value itself always prints as `<redacted>`).
public struct ConfiguredSecret: Sendable, Equatable, CustomStringConvertible {
    public var secret: Secret
    public var origin: SecretOrigin

    public init(_ secret: Secret, origin: SecretOrigin) {
        self.secret = secret
        self.origin = origin
    }

    public var description: String { "<redacted> (\(origin))" }
}

/// Where a secret was read from. Precedence: environment variable, then file, then inline value.
public enum SecretOrigin: Sendable, Equatable, CustomStringConvertible {
    case environment(variable: String)
    case file(path: String)
    case inline(keyPath: String)
    /// A `v1:` value encrypted with the configured key (`external[].encryptedPassword`): the secret
    /// holds the ciphertext; ProxGuacSync decrypts it with `encryption.keyFile` when it builds connections.
    case encrypted(keyPath: String)

    public var description: String {
        switch self {
        case .environment(let variable): "from environment variable \(variable)"
        case .file(let path): "from file \(path)"
        case .inline(let keyPath): "inline in the config file at \(keyPath)"
        case .encrypted(let keyPath): "encrypted in the config file at \(keyPath)"
        }
    }
}

/// The environment variables that can supply secrets (they win over files and inline values).
public enum SecretEnvironment {
    public static let proxmoxTokenSecret = "PROXGUAC_PROXMOX_TOKEN_SECRET"
    public static let proxmoxPassword = "PROXGUAC_PROXMOX_PASSWORD"
    public static let guacamolePassword = "PROXGUAC_GUACAMOLE_PASSWORD"
    public static let encryptionKey = "PROXGUAC_ENCRYPTION_KEY"
    public static let legacyPassphrase = "PROXGUAC_LEGACY_PASSPHRASE"
    public static let guacamoleTOTPSecret = "PROXGUAC_GUACAMOLE_TOTP_SECRET"

    public static let all = [proxmoxTokenSecret, proxmoxPassword, guacamolePassword, encryptionKey, legacyPassphrase,
                             guacamoleTOTPSecret]
}
