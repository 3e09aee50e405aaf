/// `guacamole.totpSecret` / `totpSecretFile` / `PROXGUAC_GUACAMOLE_TOTP_SECRET`, `totpDigits`, `totpPeriod`, `totpAlgorithm`.
extension ParseSession {
    static let guacamoleTOTPKeys = ["totpSecret", "totpSecretFile", "totpDigits", "totpPeriod", "totpAlgorithm"]

    /// nil when no secret is configured (then the format keys must be absent too).
    mutating func guacamoleTOTP(_ section: ConfigObject) throws(ConfigError) -> GuacamoleTOTPSettings? {
        let variable = SecretEnvironment.guacamoleTOTPSecret
        let fromEnvironment = context.environment[variable].map { !$0.isEmpty } ?? false
        guard fromEnvironment || section.has("totpSecret") || section.has("totpSecretFile") else {
            for key in ["totpDigits", "totpPeriod", "totpAlgorithm"] where section.has(key) {
                throw section.error(.invalidValue, key, "set without a TOTP secret",
                                    fix: "set \(section.keyPath("totpSecretFile")) (or \(variable)), or remove it")
            }
            return nil
        }
        let secret = try requiredSecret(in: section, inlineKey: "totpSecret", fileKey: "totpSecretFile", environmentVariable: variable)
        guard let bytes = Base32.decode(secret.secret.value), bytes.count >= 10 else {
            // Never echo the value: it is the secret.
            throw ConfigError(.invalidValue, file: file, keyPath: section.keyPath(secret.origin.isFile ? "totpSecretFile" : "totpSecret"),
                              problem: "the TOTP secret (\(secret.origin)) is not base32 of at least 80 bits",
                              fix: "use the key Guacamole showed at enrolment (letters A-Z and digits 2-7)")
        }
        var settings = GuacamoleTOTPSettings(secret: secret)
        settings.digits = try section.integer("totpDigits", in: 6...8) ?? GuacamoleTOTPSettings.defaultDigits
        settings.period = try section.integer("totpPeriod", in: 1...300) ?? GuacamoleTOTPSettings.defaultPeriod
        if let text = try section.nonEmptyString("totpAlgorithm", example: "\"sha1\"") {
            guard let algorithm = GuacamoleTOTPSettings.Algorithm(rawValue: text.lowercased()) else {
                throw section.error(.invalidValue, "totpAlgorithm", "\"\(text)\" is not sha1, sha256 or sha512",
                                    fix: "use the value of totp-mode in guacamole.properties (default sha1)")
            }
            settings.algorithm = algorithm
        }
        return settings
    }
}

extension SecretOrigin {
    var isFile: Bool {
        if case .file = self { return true }
        return false
    }
}
