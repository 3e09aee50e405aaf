import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

/// Vectors from the Fernet spec (github.com/fernet/spec, generate.json / verify.json / invalid.json).
enum FernetSpec {
    static let secret = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
    static let token = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=="
}

/// Made with Python `cryptography` 48.0.0 exactly as Proxmox-Guacamole-Sync (guac_vm_manager.py,
/// ProxmoxAPI._get_encryption_key / _encrypt_password) does it:
///     key = base64.urlsafe_b64encode(hashlib.sha256(passphrase.encode("utf-8")).digest())
///     plain = Fernet(key).encrypt(password.encode("utf-8"))
///     double = base64.urlsafe_b64encode(plain)          # what the tool wrote into notes
enum LegacyToolVectors {
    static let passphrase = "correct horse battery staple"
    static let ascii = (
        password: "P@ss-legacy-1",
        plain: "gAAAAABrBAcW_HwxMPxWxhpPpIB_dAcW0sgbgo5j9Ar8VAAAg0a7YgifOPg0vNbmkA56me9fKXK6pOH83qKkHDmSNV51U7qs2g==",
        double: "Z0FBQUFBQnJCQWNXX0h3eE1QeFd4aHBQcElCX2RBY1cwc2diZ281ajlBcjhWQUFBZzBhN1lnaWZPUGcwdk5ibWtBNTZtZTlmS1hLNnBPSDgzcUtrSERtU05WNTFVN3FzMmc9PQ=="
    )
    static let unicode = (
        password: "Pässwörd €;\"quoted\"",
        plain: "gAAAAABrBAcW1nQnYDmM6pY6e00Rb9Xdt6c_6uFs3Z8GMSlo_IgmRI1XGbZZjqOhxWnFkexYSLTojnEDsSEImgQV_ohkKd4JH2-ORSht9bF8QHcfT8kK_zc=",
        double: "Z0FBQUFBQnJCQWNXMW5RbllEbU02cFk2ZTAwUmI5WGR0NmNfNnVGczNaOEdNU2xvX0lnbVJJMVhHYlpaanFPaHhXbkZrZXhZU0xUb2puRURzU0VJbWdRVl9vaGtLZDRKSDItT1JTaHQ5YkY4UUhjZlQ4a0tfemM9"
    )
}

struct LegacyFernetTests {
    @Test func specGenerateAndVerifyVectorDecryptsToHello() throws {
        let key = try FernetKey(base64URL: FernetSpec.secret)
        #expect(try LegacyFernet.decrypt(FernetSpec.token, keys: [key]) == Secret("hello"))
    }

    @Test(arguments: [
        ("incorrect mac", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==",
         CryptoError.authenticationFailed(key: "the legacy passphrase")),
        ("too short", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==",
         .malformedToken(part: "Fernet token", problem: "is too short (value truncated?)")),
        ("invalid base64", "%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
         .malformedToken(part: "Fernet token", problem: "is not base64url")),
        ("payload size not multiple of block size", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm",
         .malformedToken(part: "Fernet token", problem: "is too short (value truncated?)")),
        ("payload padding error", "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==",
         .malformedToken(part: "Fernet ciphertext", problem: "has invalid padding although its HMAC matches")),
        ("incorrect IV (causes padding error)", "gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==",
         .malformedToken(part: "Fernet ciphertext", problem: "has invalid padding although its HMAC matches")),
        ("trailing characters after b64 padding", "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==trailingdata",
         .malformedToken(part: "Fernet token", problem: "is not base64url")),
        ("invalid characters in b64", "*gAAAAAAdwJ6wAAECAwQFBgcI!CQoLDA0ODy021?cpGVWKZ_eEwC@GM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==",
         .malformedToken(part: "Fernet token", problem: "is not base64url")),
        ("invalid non-urlsafe characters in b64", "gAAAAAAdwJ6wAAEC/AwQFBgcICQoLDA0ODy+021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==",
         .malformedToken(part: "Fernet token", problem: "is not base64url")),
    ])
    func specInvalidVectorsAreRejected(description: String, token: String, expected: CryptoError) throws {
        let key = try FernetKey(base64URL: FernetSpec.secret)
        let error = cryptoError { () throws(CryptoError) in _ = try LegacyFernet.decrypt(token, keys: [key]) }
        #expect(error == expected, "\(description)")
    }

    @Test func ciphertextThatIsNotWholeBlocksIsMalformed() throws {
        var bytes = try #require(Base64.decode(FernetSpec.token, alphabet: .url))
        bytes.insert(0, at: bytes.count - 32)
        let token = Base64.encode(bytes, alphabet: .url, padded: true)
        let error = cryptoError { () throws(CryptoError) in _ = try LegacyFernet.decrypt(token, passphrase: Secret("any")) }
        #expect(error == .malformedToken(part: "Fernet ciphertext", problem: "is not a whole number of AES blocks (value truncated?)"))
    }

    /// The spec's TTL vectors are valid tokens of "" that a TTL check would refuse; the old tool never
    /// set a TTL, so proxguac reads them like any other token.
    @Test(arguments: [
        "gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==",
        "gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==",
    ])
    func timestampsAreNotChecked(token: String) throws {
        let key = try FernetKey(base64URL: FernetSpec.secret)
        #expect(try LegacyFernet.decrypt(token, keys: [key]) == Secret(""))
    }

    @Test(arguments: [LegacyToolVectors.ascii, LegacyToolVectors.unicode])
    func legacyToolTokensDecryptInBothForms(vector: (password: String, plain: String, double: String)) throws {
        let passphrase = Secret(LegacyToolVectors.passphrase)
        #expect(try LegacyFernet.decrypt(vector.double, passphrase: passphrase) == Secret(vector.password))
        #expect(try LegacyFernet.decrypt(vector.plain, passphrase: passphrase) == Secret(vector.password))
    }

    @Test func wrongPassphraseFailsWithoutRevealingAnything() {
        let error = cryptoError { () throws(CryptoError) in
            _ = try LegacyFernet.decrypt(LegacyToolVectors.ascii.double, passphrase: Secret("wrong passphrase"))
        }
        #expect(error == .authenticationFailed(key: "the legacy passphrase"))
        expectNoLeak(error, of: [LegacyToolVectors.ascii.password, "wrong passphrase", LegacyToolVectors.passphrase])
    }

    @Test func damagedOuterLayerIsMalformed() {
        let damaged = "Z0FBQUFB" + "!!!!"
        let error = cryptoError { () throws(CryptoError) in
            _ = try LegacyFernet.decrypt(damaged, passphrase: Secret(LegacyToolVectors.passphrase))
        }
        #expect(error == .malformedToken(part: "outer base64 layer", problem: "is not base64url of a Fernet token"))
    }

    @Test func cipherWithPassphraseReadsLegacyTokensAndMigratesThem() throws {
        let cipher = PasswordCipher(current: try EncryptionKey.generate(), legacyPassphrase: Secret(LegacyToolVectors.passphrase))
        let legacy = LegacyToolVectors.unicode.double
        #expect(try cipher.decrypt(legacy) == Secret(LegacyToolVectors.unicode.password))
        #expect(cipher.needsReencryption(legacy))
        let migrated = try cipher.reencrypt(legacy)
        #expect(migrated.hasPrefix("v1:\(cipher.current?.id ?? ""):"))
        #expect(try cipher.decrypt(migrated) == Secret(LegacyToolVectors.unicode.password))
    }

    @Test func passphraseThatIsItselfAFernetKeyAlsoOpensDirectFernetTokens() throws {
        let cipher = PasswordCipher(current: try EncryptionKey.generate(), legacyPassphrase: Secret(FernetSpec.secret))
        #expect(try cipher.decrypt(FernetSpec.token) == Secret("hello"))
    }

    @Test func cipherWithoutPassphraseSaysHowToConfigureOne() throws {
        let cipher = PasswordCipher(current: try EncryptionKey.generate())
        let error = cryptoError { () throws(CryptoError) in _ = try cipher.decrypt(LegacyToolVectors.ascii.plain) }
        #expect(error == .legacyPassphraseMissing)
        #expect(error.map { "\($0)" }?.contains("encryption.legacyPassphraseFile") == true)
    }
}
