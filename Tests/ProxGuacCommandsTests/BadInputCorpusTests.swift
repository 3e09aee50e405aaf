import Foundation
import Testing

/// Acceptance (issue 8): every broken config and notes file in `Tests/Fixtures/bad-input/` gives its
/// documented one-line error and a non-zero exit, through the real binary.
@Suite("Bad-input corpus")
struct BadInputCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let exitCode: Int32
        let line: String
        var testDescription: String { file }
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bad-input").path

    /// The rows of `expected.tsv` (comments skipped).
    static var cases: [Case] {
        let text = (try? String(contentsOfFile: corpus + "/expected.tsv", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { row in
            let fields = row.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3, let code = Int32(fields[1]) else { return nil }
            return Case(file: fields[0], exitCode: code, line: fields[2])
        }
    }

    @Test func theCorpusCoversEveryFixture() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { $0 != "expected.tsv" }
        let listed = Set(Self.cases.map(\.file))
        #expect(Self.cases.count >= 15)
        #expect(Set(files).subtracting(listed).isEmpty, "fixtures without an expected line")
    }

    @Test("each case exits non-zero with its one line", arguments: cases)
    func brokenInput(_ item: Case) async throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.corpus) {
            try FileManager.default.copyItem(atPath: Self.corpus + "/" + file, toPath: directory.path + "/" + file)
        }
        try directory.write("token", "pve-token-secret-1\n")
        try directory.write("password", "guac-password-1\n")
        if item.file.hasPrefix("config-") {
            let result = try await runBinary(["config", "check", "--config", item.file], in: directory.path)
            #expect(result.status == item.exitCode)
            #expect(result.stderr == "proxguac: error: \(item.line)\n")
        } else {
            let result = try await runBinary(["notes", "check", item.file], in: directory.path)
            #expect(result.status == item.exitCode)
            #expect(result.stdout.split(separator: "\n").contains { $0 == item.line }, "\(result.stdout)")
            #expect(result.stderr.isEmpty)
        }
    }
}
