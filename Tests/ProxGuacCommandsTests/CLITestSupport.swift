import Foundation

/// A fresh directory under the system temp dir, removed by ``remove()``.
struct CLITemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes a file (relative to the directory) with the given permission bits; returns its absolute path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs the built `proxguac` binary (next to the test bundle) and captures its output.
enum ProxGuacBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var path: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("proxguac").path
    }

    /// Runs with a minimal environment (`HOME` is `directory`, so no real config is found) plus `environment`.
    /// `input`, when given, is what the process reads on stdin (else /dev/null).
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory, "PATH": "/usr/bin:/bin", "COLUMNS": "100"].merging(environment) { _, new in new }
        let outPath = directory + "/.stdout-\(UUID().uuidString)"
        let errPath = directory + "/.stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inPath = directory + "/.stdin-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
            defer { try? FileManager.default.removeItem(atPath: inPath) }
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }
}

/// A valid config with inline secrets whose values the tests search for in output.
let cliTestConfig = """
{
  "proxmox": {"url": "https://pve.example.org:8006", "tokenId": "proxguac@pve!sync", "tokenSecret": "pve-token-0c5e1f"},
  "guacamole": {"url": "https://guac.example.org/guacamole", "username": "proxguac", "passwordFile": "guac-password"}
}
"""
let cliTestGuacamolePassword = "guac-pass-77ab"
