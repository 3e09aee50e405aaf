import Foundation

/// The built `proxguac` executable, run inside a namespace of the emulated LAN with `ip netns exec`, so that
/// command-level tests exercise the real binary without touching the machine's own network.
struct ProxGuacBinary {
    let path: String

    /// Finds the binary next to the test runner (`.build/<triple>/debug/`).
    static func locate() throws -> ProxGuacBinary {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("proxguac").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return ProxGuacBinary(path: candidate) }
            directory = directory.deletingLastPathComponent()
        }
        throw LANSetupError(message: "the proxguac binary was not found next to the test runner (\(runner)): run `swift build --build-tests` first")
    }

    /// A clean environment: no inherited config, no colour; `home` is also the working directory, so
    /// no config file is found unless a test passes `--config`.
    static func environment(home: String) -> [String: String] {
        ["HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin", "NO_COLOR": "1"]
    }

    func run(in namespace: String, _ arguments: [String], home: String) throws -> Shell.Output {
        try Shell.runAllowingFailure("ip", ["netns", "exec", namespace, path] + arguments, environment: Self.environment(home: home), directory: home)
    }

    /// Starts a long-running subcommand (such as `lab`) in the namespace; the caller terminates it.
    func start(in namespace: String, _ arguments: [String], home: String) throws -> Process {
        let process = try Shell.makeProcess("ip", ["netns", "exec", namespace, path] + arguments, environment: Self.environment(home: home), directory: home)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-net-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
