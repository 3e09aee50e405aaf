/// `guacamole.totp*`: the service account's TOTP secret and the code format of Guacamole's TOTP extension
/// (`totp-mode`, `totp-digits`, `totp-period`; defaults SHA-1, 6 digits, 30 s, as the extension's).
public struct GuacamoleTOTPSettings: Sendable, Equatable {
    public enum Algorithm: String, Sendable, Equatable, CaseIterable {
        case sha1, sha256, sha512
    }

    /// The base32 secret (as Guacamole showed it at enrolment).
    public var secret: ConfiguredSecret
    public var digits: Int
    /// Seconds per time step.
    public var period: Int
    public var algorithm: Algorithm

    public static let defaultDigits = 6
    public static let defaultPeriod = 30

    public init(secret: ConfiguredSecret, digits: Int = defaultDigits, period: Int = defaultPeriod, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }
}

extension ProxGuacConfig {
    /// `config check`: the TOTP keys, only when a secret is configured.
    var guacamoleTOTPMembers: [JSONMember] {
        guard let totp = guacamole.totp else { return [] }
        return [
            JSONMember("totpSecret", totp.secret.effectiveJSON),
            JSONMember("totpDigits", .number(String(totp.digits))),
            JSONMember("totpPeriod", .number(String(totp.period))),
            JSONMember("totpAlgorithm", .string(totp.algorithm.rawValue)),
        ]
    }
}
