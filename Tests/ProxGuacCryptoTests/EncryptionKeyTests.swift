import Foundation
import Testing
@testable import ProxGuacCrypto

struct EncryptionKeyTests {
    @Test func keyIDIsFirstEightHexOfSHA256OfTheKeyBytes() throws {
        let key = try EncryptionKey.parse(text: fixedKeyText + "\n", origin: "test")
        #expect(key.id == "630dcd29")
        #expect(key.description == "key 630dcd29 (test)")
    }

    @Test func fileContentsIsBase64AndNewlineAndParsesBack() throws {
        let key = try EncryptionKey.parse(text: fixedKeyText, origin: "test")
        #expect(key.fileContents().value == fixedKeyText + "\n")
        #expect("\(key.fileContents())" == "<redacted>")
        let generated = try EncryptionKey.generate()
        let reparsed = try EncryptionKey.parse(text: generated.fileContents().value, origin: "test")
        #expect(reparsed.id == generated.id)
    }

    @Test func generatedKeysDiffer() throws {
        #expect(try EncryptionKey.generate().id != EncryptionKey.generate().id)
    }

    @Test func urlSafeAlphabetAndSurroundingWhitespaceAreAccepted() throws {
        let key = try EncryptionKey.generate()
        let urlSafe = key.fileContents().value.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        #expect(try EncryptionKey.parse(text: "  \(urlSafe)\r\n", origin: "test").id == key.id)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("not base64 at all!", "it is not base64"),
        ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "it decodes to 31 bytes instead of 32"),
    ])
    func malformedKeyTextNamesTheProblem(text: String, problem: String) {
        let error = cryptoError { () throws(CryptoError) in _ = try EncryptionKey.parse(text: text, origin: "file /k") }
        #expect(error == .keyMalformed(origin: "file /k", problem: problem))
        #expect(error.map { "\($0)" }?.contains("proxguac keygen") == true)
    }

    @Test func missingKeyFileNamesThePathAndHowToCreateIt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/missing.key"
        let error = cryptoError { () throws(CryptoError) in _ = try EncryptionKey.load(file: path) }
        #expect(error == .keyFileUnreadable(path: path, reason: "No such file or directory"))
        #expect(error.map { "\($0)" }?.contains("proxguac keygen --output \(path)") == true)
    }

    @Test func directoryIsNotAKeyFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = cryptoError { () throws(CryptoError) in _ = try EncryptionKey.load(file: directory) }
        #expect(error == .keyFileUnreadable(path: directory, reason: "not a regular file"))
    }

    @Test func malformedKeyFileErrorDoesNotEchoTheFileContents() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.key"
        let contents = "hunter2-is-my-secret-password"
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        let error = cryptoError { () throws(CryptoError) in _ = try EncryptionKey.load(file: path) }
        #expect(error == .keyMalformed(origin: "file \(path)", problem: "it is not base64"))
        expectNoLeak(error, of: [contents])
    }
}
