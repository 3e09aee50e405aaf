import ProxGuacCore
import Testing

@Suite("Config: the Guacamole account's TOTP key and code format")
struct ConfigTOTPTests {
    static let key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    @Test func noSecretMeansNoTOTP() throws {
        #expect(try parseConfig(configBaseDocument).config.guacamole.totp == nil)
    }

    @Test func fileEnvironmentAndFormatKeys() throws {
        let document = configBaseDocument.setting("guacamole.totpSecretFile", .string("/etc/proxguac/totp"))
            .setting("guacamole.totpDigits", .number("8")).setting("guacamole.totpPeriod", .number("60"))
            .setting("guacamole.totpAlgorithm", .string("SHA256"))
        let files = ConfigMemoryFiles(files: ["/etc/proxguac/totp": (Self.key + "\n", false)])
        let totp = try #require(try parseConfig(document, files: files).config.guacamole.totp)
        #expect(totp.secret.secret.value == Self.key)
        #expect(totp.secret.origin == .file(path: "/etc/proxguac/totp"))
        #expect((totp.digits, totp.period, totp.algorithm) == (8, 60, .sha256))
        let fromEnvironment = try parseConfig(configBaseDocument, environment: ["HOME": "/h", "PROXGUAC_GUACAMOLE_TOTP_SECRET": Self.key])
        #expect(fromEnvironment.config.guacamole.totp?.secret.origin == .environment(variable: "PROXGUAC_GUACAMOLE_TOTP_SECRET"))
        #expect(fromEnvironment.config.guacamole.totp.map { ($0.digits, $0.period, $0.algorithm) } ?? (0, 0, .sha512) == (6, 30, .sha1))
        #expect(fromEnvironment.config.allSecrets.map(\.value).contains(Self.key))
    }

    @Test(arguments: [
        (configBaseDocument.setting("guacamole.totpSecret", .string("not base32!")), "guacamole.totpSecret", "base32"),
        (configBaseDocument.setting("guacamole.totpSecret", .string("JBSWY3DP")), "guacamole.totpSecret", "80 bits"),
        (configBaseDocument.setting("guacamole.totpDigits", .number("6")), "guacamole.totpDigits", "without a TOTP secret"),
        (configBaseDocument.setting("guacamole.totpSecret", .string(key)).setting("guacamole.totpAlgorithm", .string("md5")),
         "guacamole.totpAlgorithm", "sha1, sha256 or sha512"),
        (configBaseDocument.setting("guacamole.totpSecret", .string(key)).setting("guacamole.totpDigits", .number("9")),
         "guacamole.totpDigits", "6 to 8"),
    ])
    func mistakesAreOneLineNamingTheKeyNeverTheSecret(document: JSONValue, keyPath: String, text: String) {
        let error = configError(document)
        let line = error.map { String(describing: $0) } ?? ""
        #expect(line.contains(keyPath), "\(line)")
        #expect(line.contains(text), "\(line)")
        #expect(!line.contains("not base32!") && !line.contains("JBSWY3DP"))
        #expect(!line.contains("\n"))
    }

    @Test func commentMembersAreSkipped() throws {
        let document = configBaseDocument.setting("//", .string("a comment")).setting("guacamole.//tls", .string("another"))
        #expect(try parseConfig(document).config.guacamole.username == "proxguac")
    }
}
