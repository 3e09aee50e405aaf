import ArgumentParser
import Foundation
import Testing
@testable import ProxGuacCommands

struct KeygenCommandTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-keygen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func runKeygen(_ arguments: [String]) async throws {
        var command = try #require(try ProxGuacMain.parseAsRoot(["keygen"] + arguments) as? any AsyncParsableCommand)
        try await command.run()
    }

    @Test func writesA0600KeyFileOfBase64And32Bytes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"

        try await runKeygen(["--output", path])

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        #expect(Data(base64Encoded: String(text.dropLast()))?.count == 32)
    }

    @Test func refusesToOverwriteWithoutForceAndReplacesWithIt() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"
        try await runKeygen(["-o", path])
        let first = try String(contentsOfFile: path, encoding: .utf8)

        let refused = try ProxGuacBinary.run(["keygen", "--output", path], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("proxguac: error: ") && refused.stderr.contains("already exists")
                && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first)

        try await runKeygen(["--output", path, "--force"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) != first)
    }
}
