import Glibc
import Testing
@testable import ProxGuacCore

/// Bounded fuzzing: 20 000 seeded mutations of valid notes. The parser must never crash and what it
/// returns must stay consistent with the input; every fifth input also goes through the migration.
struct NotesFuzzTests {
    private static let tokens = [
        "\"", "'", ";", ":", "\\", " ", "\n", "\r\n", "\t", "{", "}", "=", ",", "%41", "user:", "pass:", "protos:",
        "rdp", "port:", "confName:", "{password}", "é", "😀", "\u{0}", "default_conf_name:", "wol_settings:",
    ]

    @Test func parserSurvivesMutatedNotes() throws {
        let failures = try fuzz(seed: 2024) { iteration in iteration < 20_000 }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// The CI fuzz run (`.ci/checks/fuzz`): with `PROXGUAC_FUZZ_SECONDS` set, fresh seeds for that long.
    @Test(.enabled(if: FuzzBudget.seconds != nil, "set PROXGUAC_FUZZ_SECONDS for a time-bounded fuzz run (.ci/checks/fuzz)"))
    func parserSurvivesTimeBoundedFuzzing() throws {
        let budget = try #require(FuzzBudget.seconds)
        let seed = FuzzBudget.seed
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(budget))
        var count = 0
        let failures = try fuzz(seed: seed) { iteration in
            count = iteration
            return clock.now < end
        }
        print("notes fuzz: \(count) inputs in \(budget) s from seed \(seed), \(failures.count) failures")
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(5))")
    }

    /// Mutates valid notes while `continuing(iteration)`; returns what went wrong (empty when all is well).
    private func fuzz(seed: UInt64, while continuing: (Int) -> Bool) throws -> [String] {
        var generator = NotesGenerator(seed: seed)
        let corpus = (0..<20).map { _ in
            generator.notes((0..<generator.int(1...3)).map { generator.entry(index: $0) }, canonical: generator.chance(30))
        }
        var failures: [String] = []
        var iteration = 0
        while continuing(iteration) {
            var characters = Array(generator.pick(corpus))
            for _ in 0..<generator.int(1...4) { mutate(&characters, with: &generator) }
            let text = String(characters)
            let problems = try inconsistencies(of: text, checkMigration: iteration % 5 == 0)
            if !problems.isEmpty { failures.append("iteration \(iteration): \(problems) in \(text.debugDescription)") }
            iteration += 1
        }
        return failures
    }

    private func mutate(_ characters: inout [Character], with generator: inout NotesGenerator) {
        let position = generator.int(0...characters.count)
        switch generator.int(0...3) {
        case 0:
            characters.insert(contentsOf: generator.pick(Self.tokens), at: position)
        case 1 where !characters.isEmpty:
            let end = min(characters.count, position + generator.int(1...8))
            characters.removeSubrange(min(position, end)..<end)
        case 2 where !characters.isEmpty:
            let start = min(position, characters.count - 1)
            let end = min(characters.count, start + generator.int(1...20))
            characters.insert(contentsOf: characters[start..<end], at: generator.int(0...characters.count))
        default:
            characters = Array(characters.prefix(position))
        }
    }

    /// What is wrong with the results for `text` (empty when all is well).
    private func inconsistencies(of text: String, checkMigration: Bool) throws -> [String] {
        var problems: [String] = []
        let parsed = NotesParser.parse(text)
        let length = text.utf8.count
        let lineCount = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
        for diagnostic in parsed.diagnostics {
            if !(1...lineCount).contains(diagnostic.line) || diagnostic.column < 1 || diagnostic.position.offset > length {
                problems.append("diagnostic outside the text: \(diagnostic)")
            }
            if diagnostic.message.contains("\n") { problems.append("multi-line message: \(diagnostic)") }
        }
        for entry in parsed.entries {
            if entry.username.isEmpty || entry.protocols.isEmpty { problems.append("incomplete entry") }
            if !(entry.location.start.offset < entry.location.end.offset && entry.location.end.offset <= length) {
                problems.append("entry location \(entry.location.offsets) outside the text")
            }
            if !entry.ports.values.allSatisfy({ (1...65535).contains($0) }) { problems.append("port out of range") }
        }
        guard checkMigration else { return problems }
        let migration: NotesRewriter.Migration
        do {
            migration = try NotesRewriter.encryptPasswords(in: text) { "enc:" + String($0.reversed()) }
        } catch NotesEditError.migrationUnsafe {
            return problems  // refused, nothing written: the safe answer for notes whose reading would change
        }
        let migrated = NotesParser.parse(migration.text)
        if !migrated.entries.allSatisfy({ $0.password.isEncrypted }) { problems.append("plain password after migration") }
        // Encrypting may mend an entry (a password that swallowed a key), never break one.
        let after = Set(migrated.entries.map { "\($0.username) \($0.protocols)" })
        if !parsed.entries.allSatisfy({ after.contains("\($0.username) \($0.protocols)") }) {
            problems.append("migration lost an entry")
        }
        return problems
    }
}

/// `PROXGUAC_FUZZ_SECONDS` (time budget) and `PROXGUAC_FUZZ_SEED` (default: from the clock, printed).
enum FuzzBudget {
    static var seconds: Int? {
        getenv("PROXGUAC_FUZZ_SECONDS").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    static var seed: UInt64 {
        getenv("PROXGUAC_FUZZ_SEED").flatMap { UInt64(String(cString: $0)) } ?? UInt64(time(nil))
    }
}
