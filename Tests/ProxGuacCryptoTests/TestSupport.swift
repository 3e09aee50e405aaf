import Foundation
import Testing
@testable import ProxGuacCrypto
import ProxGuacCore

/// Bytes from a hex string literal (test vectors).
func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// A fresh directory under the system temp dir, removed by the caller with `removeItem`.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-crypto-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs `body` and returns the CryptoError it throws (or records an issue if it throws none).
func cryptoError(_ body: () throws(CryptoError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CryptoError? {
    do {
        try body()
        Issue.record("expected a CryptoError, got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The error text a user sees must never reveal a password, passphrase or key.
func expectNoLeak(_ error: (any Error)?, of secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error else { return }
    let texts = ["\(error)", String(describing: error), String(reflecting: error)]
    for secret in secrets where !secret.isEmpty {
        for text in texts {
            #expect(!text.contains(secret), "error text reveals a secret: \(text)", sourceLocation: sourceLocation)
        }
    }
    #expect(!"\(error)".contains("\n"), "error text must be one line", sourceLocation: sourceLocation)
}

/// A key with known bytes 0x00...0x1f (id 630dcd29, from `python3 hashlib.sha256(bytes(range(32)))`).
let fixedKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
