import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

struct PasswordCipherTests {
    let key: EncryptionKey
    let cipher: PasswordCipher

    init() throws {
        key = try EncryptionKey.parse(text: fixedKeyText, origin: "file /etc/proxguac/encryption.key")
        cipher = PasswordCipher(current: key)
    }

    @Test(arguments: ["P@ss", "", "Pässwörd €;\"quoted\" 🦊", String(repeating: "x", count: 4096)])
    func roundTrip(_ password: String) throws {
        let token = try cipher.encrypt(Secret(password))
        #expect(try cipher.decrypt(token) == Secret(password))
    }

    @Test func tokenIsVersionKeyIDAndUnpaddedBase64URL() throws {
        let token = try cipher.encrypt(Secret("P@ss"))
        #expect(token.hasPrefix("v1:630dcd29:"))
        let data = token.dropFirst("v1:630dcd29:".count)
        #expect(data.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(data.count == ((12 + 4 + 16) * 4 + 2) / 3, "nonce + 4 plaintext bytes + tag, unpadded")
        #expect(!token.contains("P@ss"))
    }

    @Test func everyEncryptionUsesAFreshNonce() throws {
        let tokens = try (0..<50).map { _ in try cipher.encrypt(Secret("same password")) }
        #expect(Set(tokens).count == tokens.count)
        let nonces = try tokens.map { try VersionedToken(parsing: $0[...]).box.nonce }
        #expect(Set(nonces).count == nonces.count)
    }

    @Test func wrongKeyNamesBothKeyIDsAndTheLoadedFileButNotThePassword() throws {
        let token = try cipher.encrypt(Secret("P@ss-w0rd"))
        let other = try EncryptionKey.generate()
        let error = cryptoError { () throws(CryptoError) in _ = try PasswordCipher(current: other).decrypt(token) }
        #expect(error == .unknownKeyID(keyID: "630dcd29", loaded: ["key \(other.id) (new key)"]))
        #expect(error.map { "\($0)" }?.contains("encryption.previousKeyFiles") == true)
        expectNoLeak(error, of: ["P@ss-w0rd", fixedKeyText, other.fileContents().value])
    }

    @Test func sameKeyIDWithDifferentKeyBytesFailsAuthentication() throws {
        let token = try cipher.encrypt(Secret("P@ss"))
        let other = try EncryptionKey.generate()
        let forged = token.replacingOccurrences(of: "v1:630dcd29:", with: "v1:\(other.id):")
        let error = cryptoError { () throws(CryptoError) in _ = try PasswordCipher(current: other).decrypt(forged) }
        #expect(error == .authenticationFailed(key: other.description))
    }

    enum Damage: String, CaseIterable { case nonceByte, ciphertextByte, tagByte, truncatedTag }

    @Test(arguments: Damage.allCases)
    func damagedValueFailsAuthenticationWithoutRevealingAnything(_ damage: Damage) throws {
        let token = try cipher.encrypt(Secret("P@ss-w0rd"))
        let parsed = try VersionedToken(parsing: token[...])
        var box = parsed.box
        switch damage {
        case .nonceByte: box.nonce[0] ^= 0x01
        case .ciphertextByte: box.ciphertext[0] ^= 0x01
        case .tagByte: box.tag[0] ^= 0x01
        case .truncatedTag: box = .init(nonce: box.nonce, ciphertext: box.ciphertext.dropLast().map { $0 }, tag: [box.ciphertext.last!] + box.tag.dropLast())
        }
        let damaged = VersionedToken(keyID: parsed.keyID, box: box).text
        let error = cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(damaged) }
        #expect(error == .authenticationFailed(key: "key 630dcd29 (file /etc/proxguac/encryption.key)"))
        expectNoLeak(error, of: ["P@ss-w0rd", fixedKeyText])
    }

    @Test(arguments: [
        ("plaintext-password", CryptoError.malformedToken(part: "prefix", problem: "is neither v2:<key id>:<vmid>:<data>, v1:<key id>:<data> nor a legacy Fernet token")),
        ("v1", .malformedToken(part: "prefix", problem: "is neither v2:<key id>:<vmid>:<data>, v1:<key id>:<data> nor a legacy Fernet token")),
        ("v3:630dcd29:AAAA", .unsupportedVersion("v3")),
        ("v2:630dcd29:AAAA", .malformedToken(part: "structure", problem: "has 3 colon-separated parts instead of 4 (v2:<key id>:<vmid>:<data>)")),
        ("v2:630dcd29:x1:AAAA", .malformedToken(part: "vmid", problem: "is not a guest id")),
        ("v1:630dcd29", .malformedToken(part: "structure", problem: "has 2 colon-separated parts instead of 3 (v1:<key id>:<data>)")),
        ("v1:630dcd29:AAAA:extra", .malformedToken(part: "structure", problem: "has 4 colon-separated parts instead of 3 (v1:<key id>:<data>)")),
        ("v1:630DCD29:AAAA", .malformedToken(part: "key id", problem: "is not 8 lowercase hex digits")),
        ("v1:630dcd:AAAA", .malformedToken(part: "key id", problem: "is not 8 lowercase hex digits")),
        ("v1:630dcd29:AA+A/A==", .malformedToken(part: "data", problem: "is not base64url")),
        ("v1:630dcd29:AAAA", .malformedToken(part: "data", problem: "is too short to hold a nonce and a tag (value truncated?)")),
    ])
    func malformedValueNamesTheBrokenPart(value: String, expected: CryptoError) {
        let error = cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(value) }
        #expect(error == expected)
        expectNoLeak(error, of: ["plaintext-password", fixedKeyText])
    }

    @Test func surroundingWhitespaceIsIgnored() throws {
        let token = try cipher.encrypt(Secret("P@ss"))
        #expect(try cipher.decrypt(" \(token)\n") == Secret("P@ss"))
    }

    @Test func entryErrorNamesGuestAndUser() throws {
        let token = try PasswordCipher(current: EncryptionKey.generate()).encrypt(Secret("P@ss-w0rd"))
        do {
            _ = try cipher.decrypt(token, guest: "web01 (101)", user: "admin")
            Issue.record("expected failure")
        } catch {
            #expect("\(error)".hasPrefix("guest web01 (101), user admin: cannot use encrypted_password: encrypted value was made with key "))
            expectNoLeak(error, of: ["P@ss-w0rd"])
        }
    }
}

struct KeyRotationTests {
    let old: EncryptionKey
    let new: EncryptionKey

    init() throws {
        old = try EncryptionKey.generate()
        new = try EncryptionKey.generate()
    }

    @Test func previousKeyStillDecryptsOldValues() throws {
        let oldToken = try PasswordCipher(current: old).encrypt(Secret("P@ss"))
        let ring = PasswordCipher(current: new, previous: [old])
        #expect(try ring.decrypt(oldToken) == Secret("P@ss"))
        #expect(try ring.encrypt(Secret("x")).hasPrefix("v1:\(new.id):"))
    }

    @Test func reencryptMovesOldValuesToTheCurrentKey() throws {
        let oldToken = try PasswordCipher(current: old).encrypt(Secret("P@ss"))
        let ring = PasswordCipher(current: new, previous: [old])
        #expect(ring.needsReencryption(oldToken))

        let rekeyed = try ring.reencrypt(oldToken)

        #expect(rekeyed.hasPrefix("v1:\(new.id):"))
        #expect(!ring.needsReencryption(rekeyed))
        #expect(try PasswordCipher(current: new).decrypt(rekeyed) == Secret("P@ss"), "readable without the old key")
    }

    @Test func reencryptLeavesCurrentValuesUnchanged() throws {
        let ring = PasswordCipher(current: new, previous: [old])
        let token = try ring.encrypt(Secret("P@ss"))
        #expect(try ring.reencrypt(token) == token)
    }

    @Test func reencryptOfADamagedValueThrowsInsteadOfPassingItThrough() throws {
        let ring = PasswordCipher(current: new, previous: [old])
        let error = cryptoError { () throws(CryptoError) in _ = try ring.reencrypt("v1:\(new.id):AAAA") }
        #expect(error == .malformedToken(part: "data", problem: "is too short to hold a nonce and a tag (value truncated?)"))
        #expect(!ring.needsReencryption("garbage"))
    }
}

struct PasswordSourceResolutionTests {
    @Test func plainPasswordsPassThroughAndEncryptedOnesAreDecrypted() throws {
        let cipher = PasswordCipher(current: try EncryptionKey.generate())
        #expect(try PasswordSource.plain(Secret("P@ss")).resolve(with: nil, guest: "web01", user: "admin") == Secret("P@ss"))
        let token = try cipher.encrypt(Secret("P@ss"))
        #expect(try PasswordSource.encrypted(token).resolve(with: cipher, guest: "web01", user: "admin") == Secret("P@ss"))
    }

    @Test func encryptedPasswordWithoutAKeySaysHowToConfigureOne() throws {
        let token = try PasswordCipher(current: try EncryptionKey.generate()).encrypt(Secret("P@ss"))
        #expect {
            try PasswordSource.encrypted(token).resolve(with: nil, guest: "web01", user: "admin")
        } throws: { error in
            (error as? CredentialDecryptionError) == CredentialDecryptionError(guest: "web01", user: "admin", cause: .noKeyConfigured)
        }
    }
}
