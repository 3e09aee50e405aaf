import Foundation
import Testing
@testable import ProxGuacCore

/// Fuzzing the output sanitiser: whatever the input, the escaped text holds no control character
/// (C0, DEL, C1), no line or paragraph separator and no bidi override; text without them is unchanged.
struct TerminalTextFuzzTests {
    /// Scalars an attacker would reach for, mixed with ordinary and wide text.
    static let pool: [Unicode.Scalar] = (0...0x20).compactMap(Unicode.Scalar.init) + (0x7F...0xA0).compactMap(Unicode.Scalar.init)
        + ["\u{2028}", "\u{2029}", "\u{202E}", "\u{2066}", "\u{FEFF}", "a", "Z", "\\", "x", "[", "]", ";", "é", "ゲ", "😀", "\u{0301}"]

    @Test func sanitiserSurvivesSeededInputs() {
        let failures = fuzz(seed: 1414) { $0 < 20_000 }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    /// The CI fuzz run (`.ci/checks/fuzz`): with `PROXGUAC_FUZZ_SECONDS` set, fresh seeds for that long.
    @Test(.enabled(if: FuzzBudget.seconds != nil, "set PROXGUAC_FUZZ_SECONDS for a time-bounded fuzz run (.ci/checks/fuzz)"))
    func sanitiserSurvivesTimeBoundedFuzzing() throws {
        let budget = try #require(FuzzBudget.seconds)
        let seed = FuzzBudget.seed
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(budget))
        var count = 0
        let failures = fuzz(seed: seed) { iteration in
            count = iteration
            return clock.now < end
        }
        print("sanitiser fuzz: \(count) inputs in \(budget) s from seed \(seed), \(failures.count) failures")
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(3))")
    }

    @Test func escapesLookLikeTheirSource() {
        #expect(TerminalText.escaped("a\u{1B}]0;owned\u{07}b\nproxguac: error: x") == "a\\x1b]0;owned\\x07b\\nproxguac: error: x")
        #expect(TerminalText.escaped("\u{9B}2J\u{202E}") == "\\x9b2J\\u{202e}")
        #expect(TerminalText.escaped("web01 (101) — ok") == "web01 (101) — ok")
    }

    private func fuzz(seed: UInt64, while continuing: (Int) -> Bool) -> [String] {
        var generator = NotesGenerator(seed: seed)
        var failures: [String] = []
        var iteration = 0
        while continuing(iteration) {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<generator.int(0...40) { scalars.append(generator.pick(Self.pool)) }
            let input = String(scalars)
            let output = TerminalText.escaped(input)
            if output.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                failures.append("iteration \(iteration): \(input.debugDescription) -> \(output.debugDescription)")
            }
            if !input.unicodeScalars.contains(where: TerminalText.isUnsafe), output != input {
                failures.append("iteration \(iteration): safe text changed: \(input.debugDescription)")
            }
            iteration += 1
        }
        return failures
    }
}
