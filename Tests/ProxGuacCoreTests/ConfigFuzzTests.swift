import Testing
@testable import ProxGuacCore

/// Bounded fuzzing of the config loader: 20 000 seeded mutations of a config that uses every section.
/// Each input either parses or gives one `ConfigError` whose message is one non-empty line naming the
/// file; nothing traps.
struct ConfigFuzzTests {
    /// A valid config touching every section, as text.
    static let seedText: String = {
        let document = configExternalDocument
            .setting("proxmox.tls", .object([JSONMember("verify", .bool(true)), JSONMember("caFile", .string("ca.pem"))]))
            .setting("proxmox.maxConcurrentPerNode", .integer(4))
            .setting("sync", .object([
                JSONMember("rootGroup", .string("Proxmox")), JSONMember("deleteOrphans", .bool(true)),
                JSONMember("concurrency", .integer(8)),
            ]))
            .setting("network", .object([JSONMember("sweepSubnets", .array([.string("203.0.113.0/24")]))]))
            .setting("http", .object([
                JSONMember("timeoutMs", .integer(30_000)),
                JSONMember("retry", .object([JSONMember("attempts", .integer(4)), JSONMember("baseDelayMs", .integer(250))])),
            ]))
        return JSONWriter.pretty(document)
    }()

    private static let tokens = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u00", "\\ud800", "null", "true", "false", "-", "0", "1e999",
        "-0.5", "99999999999999999999", "\"\"", " ", "\n", "\u{0}", "é", "😀", "\"proxmox\"", "\"http\"", "\"url\"",
        "\"https://\"", "\"~/x\"", "\"tokenSecretFile\"", "\"retry\"", "{\"a\":", "[[[[[[[[", "\u{FEFF}",
    ]

    @Test func loaderSurvivesMutatedConfigs() {
        let (failures, parsed) = fuzz(seed: 808) { iteration in iteration < 20_000 }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(parsed > 0 && parsed < 20_000, "the mutations should both keep some configs valid and break some")
    }

    /// The CI fuzz run (`.ci/checks/fuzz`): with `PROXGUAC_FUZZ_SECONDS` set, fresh seeds for that long.
    @Test(.enabled(if: FuzzBudget.seconds != nil, "set PROXGUAC_FUZZ_SECONDS for a time-bounded fuzz run (.ci/checks/fuzz)"))
    func configLoaderSurvivesTimeBoundedFuzzing() throws {
        let budget = try #require(FuzzBudget.seconds)
        let seed = FuzzBudget.seed
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(budget))
        var count = 0
        let (failures, _) = fuzz(seed: seed) { iteration in
            count = iteration
            return clock.now < end
        }
        print("config fuzz: \(count) inputs in \(budget) s from seed \(seed), \(failures.count) failures")
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(3))")
    }

    /// Mutates the seed config while `continuing(iteration)`; returns the failures and how many inputs parsed.
    private func fuzz(seed: UInt64, while continuing: (Int) -> Bool) -> (failures: [String], parsed: Int) {
        var generator = NotesGenerator(seed: seed)
        let files = ConfigMemoryFiles(files: ["/etc/proxguac/ca.pem": ("-----BEGIN CERTIFICATE-----", false)])
        var failures: [String] = []
        var parsed = 0
        let seedCharacters = Array(Self.seedText)
        var iteration = 0
        while continuing(iteration) {
            var characters = seedCharacters
            for _ in 0..<generator.int(1...4) { mutate(&characters, with: &generator) }
            let text = String(characters)
            do {
                _ = try parseConfigText(text, files: files)
                parsed += 1
            } catch {
                let message = error.description
                if message.isEmpty || message.contains("\n") || !message.hasPrefix("config.json") {
                    failures.append("iteration \(iteration): \(message.debugDescription) for \(text.debugDescription)")
                }
            }
            iteration += 1
        }
        return (failures, parsed)
    }

    private func mutate(_ characters: inout [Character], with generator: inout NotesGenerator) {
        let position = generator.int(0...characters.count)
        switch generator.int(0...4) {
        case 0:
            characters.insert(contentsOf: generator.pick(Self.tokens), at: position)
        case 1 where !characters.isEmpty:
            let end = min(characters.count, position + generator.int(1...12))
            characters.removeSubrange(min(position, end)..<end)
        case 2 where !characters.isEmpty:
            let start = min(position, characters.count - 1)
            let end = min(characters.count, start + generator.int(1...40))
            characters.insert(contentsOf: characters[start..<end], at: generator.int(0...characters.count))
        case 3 where !characters.isEmpty:
            characters[min(position, characters.count - 1)] = generator.pick(["\"", "1", "x", "{", ",", " "])
        default:
            characters = Array(characters.prefix(position))
        }
    }
}
