import Testing
@testable import ProxGuacCrypto

/// Known-answer test: McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005
/// (the test vectors NIST's GCM validation references), Test Case 16: AES-256, 96-bit IV, 20-byte AAD.
/// Cross-checked here with Python `cryptography` AESGCM before committing.
struct AESGCMTests {
    static let key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
    static let plaintext = hex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
    static let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    static let nonce = hex("cafebabefacedbaddecaf888")
    static let ciphertext = hex(
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662")
    static let tag = hex("76fc6ece0f4e1768cddf8853bb2d551b")

    static var vectorBox: AESGCM.SealedBox { .init(nonce: nonce, ciphertext: ciphertext, tag: tag) }

    @Test func sealMatchesGCMSpecTestCase16() throws {
        let box = try AESGCM.seal(Self.plaintext, key: Self.key, nonce: Self.nonce, authenticating: Self.aad)
        #expect(box.ciphertext == Self.ciphertext)
        #expect(box.tag == Self.tag)
    }

    @Test func openRecoversGCMSpecTestCase16Plaintext() throws {
        #expect(try AESGCM.open(Self.vectorBox, key: Self.key, authenticating: Self.aad) == Self.plaintext)
    }

    enum Tamper: String, CaseIterable { case nonce, ciphertext, tag, aad, key }

    @Test(arguments: Tamper.allCases)
    func flippedBitIsRejected(_ tamper: Tamper) {
        var box = Self.vectorBox
        var aad = Self.aad
        var key = Self.key
        switch tamper {
        case .nonce: box.nonce[5] ^= 0x01
        case .ciphertext: box.ciphertext[17] ^= 0x80
        case .tag: box.tag[15] ^= 0x01
        case .aad: aad[0] ^= 0x01
        case .key: key[31] ^= 0x01
        }
        let error = cryptoError { () throws(CryptoError) in _ = try AESGCM.open(box, key: key, authenticating: aad) }
        #expect(error == .authenticationFailed(key: "the given key"))
    }

    @Test func wrongKeyOrNonceSizeIsAnErrorNotATrap() {
        let shortKey = cryptoError { () throws(CryptoError) in _ = try AESGCM.seal([1], key: [1, 2, 3], nonce: Self.nonce) }
        #expect(shortKey.map { "\($0)" }?.contains("32-byte key") == true)
        let shortNonce = cryptoError { () throws(CryptoError) in _ = try AESGCM.seal([1], key: Self.key, nonce: [0]) }
        #expect(shortNonce == .malformedToken(part: "nonce", problem: "must be 12 bytes, got 1"))
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let box = try AESGCM.seal([], key: Self.key, nonce: Self.nonce)
        #expect(box.ciphertext.isEmpty)
        #expect(try AESGCM.open(box, key: Self.key).isEmpty)
    }
}
