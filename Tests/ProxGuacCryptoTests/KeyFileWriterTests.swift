import Foundation
import Testing
@testable import ProxGuacCrypto

struct KeyFileWriterTests {
    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func writesAKeyFileWithMode0600ThatLoadsBack() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"
        let key = try EncryptionKey.generate()

        try key.writeFile(path, overwrite: false)

        #expect(try mode(of: path) == 0o600)
        #expect(try EncryptionKey.load(file: path).id == key.id)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == key.fileContents().value)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["encryption.key"], "no temporary file left")
    }

    @Test func refusesToOverwriteWithoutForceAndKeepsTheOldKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"
        let original = try EncryptionKey.generate()
        try original.writeFile(path, overwrite: false)

        let error = cryptoError { () throws(CryptoError) in try EncryptionKey.generate().writeFile(path, overwrite: false) }

        #expect(error == .keyFileExists(path: path))
        #expect(error.map { "\($0)" }?.contains("--force") == true)
        #expect(try EncryptionKey.load(file: path).id == original.id)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["encryption.key"])
    }

    @Test func forceReplacesTheKeyAndKeepsMode0600() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let replacement = try EncryptionKey.generate()

        try replacement.writeFile(path, overwrite: true)

        #expect(try EncryptionKey.load(file: path).id == replacement.id)
        #expect(try mode(of: path) == 0o600)
    }

    @Test func missingDirectoryIsAClearError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/no/such/dir/encryption.key"
        let error = cryptoError { () throws(CryptoError) in try EncryptionKey.generate().writeFile(path, overwrite: false) }
        #expect(error == .keyFileWriteFailed(path: path, reason: "No such file or directory"))
    }

    @Test func relativePathsUseTheCurrentDirectoryForTheTemporaryFile() {
        #expect(EncryptionKey.directory(of: "encryption.key") == ".")
        #expect(EncryptionKey.directory(of: "/encryption.key") == "/")
        #expect(EncryptionKey.directory(of: "/etc/proxguac/encryption.key") == "/etc/proxguac")
    }
}
