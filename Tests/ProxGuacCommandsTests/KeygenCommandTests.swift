import Foundation
import Testing
@testable import ProxGuacCommands

struct KeygenCommandTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-keygen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func runKeygen(_ arguments: [String]) throws {
        var command = try ProxGuacMain.parseAsRoot(["keygen"] + arguments)
        try command.run()
    }

    @Test func writesA0600KeyFileOfBase64And32Bytes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"

        try runKeygen(["--output", path])

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        #expect(Data(base64Encoded: String(text.dropLast()))?.count == 32)
    }

    @Test func refusesToOverwriteWithoutForceAndReplacesWithIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/encryption.key"
        try runKeygen(["-o", path])
        let first = try String(contentsOfFile: path, encoding: .utf8)

        #expect {
            try runKeygen(["--output", path])
        } throws: { error in
            "\(error)".contains("already exists") && "\(error)".contains("--force")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first)

        try runKeygen(["--output", path, "--force"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) != first)
    }
}
