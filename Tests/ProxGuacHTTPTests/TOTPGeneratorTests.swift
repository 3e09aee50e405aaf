import Foundation
import ProxGuacCore
import Synchronization
import Testing
@testable import ProxGuacHTTP

/// RFC 6238 (appendix B) and RFC 4648 test vectors, and the step record that keeps two runs off one code.
@Suite struct TOTPGeneratorTests {
    static let times: [Double] = [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000]

    @Test(arguments: [
        (GuacamoleTOTPSettings.Algorithm.sha1, "12345678901234567890",
         ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"]),
        (.sha256, "12345678901234567890123456789012",
         ["46119246", "68084774", "67062674", "91819424", "90698825", "77737706"]),
        (.sha512, "1234567890123456789012345678901234567890123456789012345678901234",
         ["90693936", "25091201", "99943326", "93441116", "38618901", "47863826"]),
    ])
    func rfc6238Vectors(algorithm: GuacamoleTOTPSettings.Algorithm, key: String, codes: [String]) {
        let generator = TOTPGenerator(key: Array(key.utf8), digits: 8, period: 30, algorithm: algorithm)
        #expect(Self.times.map { generator.code(step: generator.step(at: $0)) } == codes)
    }

    @Test func sixDigitsAreTheLastSixOfTheSameValue() {
        let generator = TOTPGenerator(key: Array("12345678901234567890".utf8))
        #expect(generator.code(step: generator.step(at: 59)) == "287082")
        #expect(generator.code(step: generator.step(at: 1_111_111_109)) == "081804")
    }

    @Test func theConfiguredBase32SecretIsTheKey() throws {
        let settings = GuacamoleTOTPSettings(
            secret: ConfiguredSecret(Secret("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), origin: .inline(keyPath: "t")), digits: 8)
        let generator = try #require(TOTPGenerator(settings))
        #expect(generator.code(step: generator.step(at: 59)) == "94287082")
    }

    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
                      ("foobar", "MZXW6YTBOI")])
    func rfc4648Base32(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        if !plain.isEmpty {
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased() + "======") == Array(plain.utf8))
        }
    }

    @Test func base32RefusesOtherCharacters() {
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("") == nil)
    }

    /// A ledger on a fake clock: `sleep` advances it and records the wait.
    private func ledger(at start: Double, in directory: String) -> (TOTPStepLedger, FakeClock) {
        let clock = FakeClock(start)
        var ledger = TOTPStepLedger(stateDirectory: directory)
        ledger.now = { clock.now }
        ledger.sleep = { clock.sleep($0) }
        return (ledger, clock)
    }

    @Test func aSecondLoginInTheSameStepWaitsForTheNextOne() async throws {
        let directory = NSTemporaryDirectory() + "proxguac-totp-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generator = TOTPGenerator(key: Array("12345678901234567890".utf8))
        let (first, firstClock) = ledger(at: 1000, in: directory)
        #expect(try await first.reserve(account: "proxguac https://guac", generator: generator) == 33)
        #expect(firstClock.waits.isEmpty)
        // Another process (its own ledger value, same file) at the same moment.
        let (second, secondClock) = ledger(at: 1000, in: directory)
        #expect(try await second.reserve(account: "proxguac https://guac", generator: generator) == 34)
        #expect(secondClock.waits == [20.5])
        #expect(secondClock.now >= 1020)
        // Another account has its own steps.
        #expect(try await second.reserve(account: "other https://guac", generator: generator) == 34)
        let text = try String(contentsOfFile: directory + "/guacamole-totp-steps", encoding: .utf8)
        #expect(text == "34 other https://guac\n34 proxguac https://guac\n")
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/guacamole-totp-steps")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aLaterStepIsUsedAtOnce() async throws {
        let directory = NSTemporaryDirectory() + "proxguac-totp-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generator = TOTPGenerator(key: Array("12345678901234567890".utf8))
        let (first, _) = ledger(at: 1000, in: directory)
        _ = try await first.reserve(account: "a", generator: generator)
        let (later, clock) = ledger(at: 1095, in: directory)
        #expect(try await later.reserve(account: "a", generator: generator) == 36)
        #expect(clock.waits.isEmpty)
    }
}

/// Wall time that moves only when the ledger waits.
private final class FakeClock: Sendable {
    private let state: Mutex<(now: Double, waits: [Double])>
    init(_ start: Double) { state = Mutex((start, [])) }
    var now: Double { state.withLock { $0.now } }
    var waits: [Double] { state.withLock { $0.waits } }
    func sleep(_ seconds: Double) {
        state.withLock {
            $0.waits.append(seconds)
            $0.now += seconds
        }
    }
}
