import Foundation
import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

/// `encryption.legacyPassphraseFile` alone (issue #15): the original's Fernet values are read; writing a new
/// encrypted value needs `encryption.keyFile`, and the messages say exactly that.
struct LegacyOnlyCipherTests {
    @Test func passphraseAloneReadsTheOriginalsValues() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try (LegacyToolVectors.passphrase + "\n").write(toFile: directory + "/legacy.pass", atomically: false, encoding: .utf8)
        let cipher = try PasswordCipher.load(EncryptionSettings(legacyPassphraseFile: directory + "/legacy.pass"), environment: [:])
        #expect(cipher.current == nil)
        #expect(try cipher.decrypt(LegacyToolVectors.ascii.double) == Secret(LegacyToolVectors.ascii.password))
        #expect(try cipher.decrypt(LegacyToolVectors.unicode.plain) == Secret(LegacyToolVectors.unicode.password))
    }

    @Test func writingANewValueAsksForAKeyFile() {
        let cipher = PasswordCipher.legacyOnly(passphrase: Secret(LegacyToolVectors.passphrase))
        let error = cryptoError { () throws(CryptoError) in _ = try cipher.encrypt(Secret("new")) }
        #expect(error == .keyNeededToEncrypt)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("needs encryption.keyFile"))
        #expect(message.contains("legacyPassphraseFile alone only reads"))
        #expect(!message.contains("no encryption key configured"))
        #expect(error?.exitCode == ExitStatus.usage)
    }

    @Test func aV1ValueSaysWhichKeyIsMissing() throws {
        let sealed = try PasswordCipher(current: EncryptionKey.generate()).encrypt(Secret("x"))
        let cipher = PasswordCipher.legacyOnly(passphrase: Secret(LegacyToolVectors.passphrase))
        let error = cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(sealed) }
        #expect(error == .keyNeededToDecrypt)
        #expect(error.map { "\($0)" }?.contains("set encryption.keyFile") == true)
    }
}
