import Foundation
import Testing
import ProxGuacCore

/// Fuzzing the sanitiser through the binary: notes full of control bytes, checked with `notes check`
/// (text and JSON). No control byte from the input reaches stdout or stderr (JSON escapes them itself).
struct OutputSanitiserFuzzTests {
    static let pool: [String] = ["\u{1B}", "\u{07}", "\r", "\n", "\u{08}", "\u{9B}", "\u{7F}", "\u{0}", "\u{2028}", "\u{202E}",
                                 "[2J", "]0;t", "user:", "pass:", "\"", ";", "protos:\"ssh\"", "confName:\"", "rdp_settings:\"",
                                 "host:\"", "group:\"", "a", "=", ",", " ", "é"]

    @Test func notesCheckOutputStaysClean() throws {
        let failures = try fuzz(seed: 1414) { $0 < 25 }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    /// The CI fuzz run (`.ci/checks/fuzz`): with `PROXGUAC_FUZZ_SECONDS` set, fresh seeds for that long.
    @Test(.enabled(if: BinaryFuzzBudget.seconds != nil, "set PROXGUAC_FUZZ_SECONDS for a time-bounded fuzz run (.ci/checks/fuzz)"))
    func binaryOutputSurvivesTimeBoundedFuzzing() throws {
        let budget = try #require(BinaryFuzzBudget.seconds)
        let seed = BinaryFuzzBudget.seed
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(budget))
        var count = 0
        let failures = try fuzz(seed: seed) { iteration in
            count = iteration
            return clock.now < end
        }
        print("output sanitiser fuzz: \(count) inputs in \(budget) s from seed \(seed), \(failures.count) failures")
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(3))")
    }

    private func fuzz(seed: UInt64, while continuing: (Int) -> Bool) throws -> [String] {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        var rng = SplitMix(seed: seed)
        var failures: [String] = []
        var iteration = 0
        while continuing(iteration) {
            var notes = "user:\"a\" pass:\"x\" protos:\"ssh\" confName:\""
            for _ in 0..<(8 + Int(rng.next() % 40)) { notes += Self.pool[Int(rng.next() % UInt64(Self.pool.count))] }
            let file = try directory.write("notes.txt", notes)
            for arguments in [["notes", "check", file], ["notes", "check", "--json", file]] {
                let result = try ProxGuacBinary.run(arguments, in: directory.path)
                let output = result.stdout + result.stderr
                if let bad = output.unicodeScalars.first(where: { TerminalText.isUnsafe($0) && $0 != "\n" }) {
                    failures.append("iteration \(iteration) \(arguments[2]): U+\(String(bad.value, radix: 16)) in output for \(notes.debugDescription)")
                }
                if result.status > 2 { failures.append("iteration \(iteration): exit \(result.status)") }
            }
            iteration += 1
        }
        return failures
    }
}

enum BinaryFuzzBudget {
    static var seconds: Int? {
        ProcessInfo.processInfo.environment["PROXGUAC_FUZZ_SECONDS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["PROXGUAC_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
    }
}

/// A small seeded generator (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
