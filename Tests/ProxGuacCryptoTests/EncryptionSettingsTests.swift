import Foundation
import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

struct EncryptionSettingsTests {
    @Test func loadsCurrentPreviousAndLegacyFromFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let current = try EncryptionKey.generate()
        let old = try EncryptionKey.generate()
        try current.writeFile(directory + "/current.key", overwrite: false)
        try old.writeFile(directory + "/old.key", overwrite: false)
        try (LegacyToolVectors.passphrase + "\n").write(toFile: directory + "/legacy.pass", atomically: false, encoding: .utf8)
        let settings = EncryptionSettings(
            keyFile: directory + "/current.key", previousKeyFiles: [directory + "/old.key"],
            legacyPassphraseFile: directory + "/legacy.pass")

        let cipher = try PasswordCipher.load(settings, environment: [:])

        #expect(cipher.current?.id == current.id)
        #expect(cipher.previous.map(\.id) == [old.id])
        #expect(try cipher.decrypt(PasswordCipher(current: old).encrypt(Secret("old"))) == Secret("old"))
        #expect(try cipher.decrypt(LegacyToolVectors.ascii.double) == Secret(LegacyToolVectors.ascii.password),
                "trailing newline of the passphrase file is not part of the passphrase")
    }

    @Test func environmentKeyWinsOverTheKeyFile() throws {
        let key = try EncryptionKey.generate()
        let settings = EncryptionSettings(keyFile: "/nonexistent/proxguac.key")
        let cipher = try PasswordCipher.load(settings, environment: ["PROXGUAC_ENCRYPTION_KEY": key.fileContents().value])
        #expect(cipher.current?.id == key.id)
        #expect(cipher.current?.origin == "environment variable PROXGUAC_ENCRYPTION_KEY")
    }

    @Test func environmentPassphraseWinsOverThePassphraseFile() throws {
        let settings = EncryptionSettings(legacyPassphraseFile: "/nonexistent/legacy.pass")
        let environment = [
            "PROXGUAC_ENCRYPTION_KEY": try EncryptionKey.generate().fileContents().value,
            "PROXGUAC_LEGACY_PASSPHRASE": LegacyToolVectors.passphrase,
        ]
        let cipher = try PasswordCipher.load(settings, environment: environment)
        #expect(try cipher.decrypt(LegacyToolVectors.ascii.plain) == Secret(LegacyToolVectors.ascii.password))
    }

    @Test func noKeyAnywhereSaysHowToCreateOne() {
        let error = cryptoError { () throws(CryptoError) in _ = try PasswordCipher.load(EncryptionSettings(), environment: [:]) }
        #expect(error == .noKeyConfigured)
        #expect(error.map { "\($0)" }?.contains("proxguac keygen") == true)
    }

    @Test func badEnvironmentKeyNamesTheVariableNotItsValue() {
        let value = "not a key! but a secret"
        let error = cryptoError { () throws(CryptoError) in
            _ = try PasswordCipher.load(EncryptionSettings(), environment: ["PROXGUAC_ENCRYPTION_KEY": value])
        }
        #expect(error == .keyMalformed(origin: "environment variable PROXGUAC_ENCRYPTION_KEY", problem: "it is not base64"))
        expectNoLeak(error, of: [value])
    }

    @Test func missingPreviousKeyFileIsNamed() throws {
        let environment = ["PROXGUAC_ENCRYPTION_KEY": try EncryptionKey.generate().fileContents().value]
        let settings = EncryptionSettings(previousKeyFiles: ["/nonexistent/old.key"])
        let error = cryptoError { () throws(CryptoError) in _ = try PasswordCipher.load(settings, environment: environment) }
        #expect(error == .keyFileUnreadable(path: "/nonexistent/old.key", reason: "No such file or directory"))
    }

    @Test func emptyPassphraseFileIsRejected() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "\n".write(toFile: directory + "/legacy.pass", atomically: false, encoding: .utf8)
        let environment = ["PROXGUAC_ENCRYPTION_KEY": try EncryptionKey.generate().fileContents().value]
        let settings = EncryptionSettings(legacyPassphraseFile: directory + "/legacy.pass")
        let error = cryptoError { () throws(CryptoError) in _ = try PasswordCipher.load(settings, environment: environment) }
        #expect(error == .passphraseEmpty(origin: "file \(directory)/legacy.pass"))
    }
}

struct CryptoErrorExitCodeTests {
    @Test func configurationProblemsExit2AndBrokenValuesExit1() {
        #expect(CryptoError.noKeyConfigured.exitCode == 2)
        #expect(CryptoError.keyFileExists(path: "/k").exitCode == 2)
        #expect(CryptoError.unknownKeyID(keyID: "00000000", loaded: []).exitCode == 2)
        #expect(CryptoError.authenticationFailed(key: "key 00000000 (test)").exitCode == 1)
        #expect(CredentialDecryptionError(guest: "g", user: "u", cause: .malformedToken(part: "data", problem: "x")).exitCode == 1)
    }
}
