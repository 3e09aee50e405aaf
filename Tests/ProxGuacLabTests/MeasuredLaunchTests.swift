import Foundation
import ProxGuacLab
import Testing

/// The bench's measurement of proxguac: the peak memory is the program's own (not the bench's, whose lab is
/// larger), exit codes and signals come through, output and environment reach the program.
@Suite("Benchmark measured launch")
struct MeasuredLaunchTests {
    /// The built `proxguac-bench` (the launcher), next to the test runner.
    static func launcher() throws -> String {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("proxguac-bench").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw MeasuredLaunch.Failure(description: "proxguac-bench not found next to \(runner): run `swift build --build-tests` first")
    }

    static func run(_ script: String, environment: [String: String] = [:], directory: String) throws -> MeasuredLaunch.Outcome {
        try MeasuredLaunch.run(launcher: launcher(), "/bin/sh", ["-c", script], stdout: directory + "/out", stderr: directory + "/err",
                               environment: environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine })
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "proxguac-measured-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("the peak RSS is the program's own even when the bench holds far more memory")
    func peakIsTheProgramsOwn() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // This process holds 256 MB (touched); a child spawned directly would report at least that.
        let ballast = [UInt8](repeating: 1, count: 256 << 20)
        // awk doubles a string to 32 MiB: the program itself peaks above 32 MiB.
        let outcome = try withExtendedLifetime(ballast) {
            try Self.run("awk 'BEGIN { s = \"a\"; while (length(s) < 33554432) s = s s; print length(s) }'", directory: directory)
        }
        #expect(outcome.exitStatus == 0)
        #expect(try String(contentsOfFile: directory + "/out", encoding: .utf8) == "33554432\n")
        #expect(outcome.peakRSSKilobytes >= 32 * 1024)
        #expect(outcome.peakRSSKilobytes < 160 * 1024)
        #expect(outcome.launcherPeakKilobytes < outcome.peakRSSKilobytes)
        #expect(outcome.cpu > .zero)
        #expect(outcome.wall > .zero)
    }

    @Test("exit codes, signals, the environment and stderr reach the bench")
    func exitStatusAndEnvironment() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let exited = try Self.run("echo \"$BENCH_VALUE\" >&2; exit 3", environment: ["BENCH_VALUE": "42"], directory: directory)
        #expect(exited.exitStatus == 3)
        #expect(try String(contentsOfFile: directory + "/err", encoding: .utf8) == "42\n")
        #expect(try Self.run("kill -9 $$", directory: directory).exitStatus == 128 + 9)
    }

    @Test("a program that cannot be started is one clear error")
    func missingProgram() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect {
            try MeasuredLaunch.run(launcher: Self.launcher(), directory + "/no-such-proxguac", [], stdout: "/dev/null",
                                   stderr: "/dev/null", environment: [:])
        } throws: { error in
            "\(error)".contains("cannot start \(directory)/no-such-proxguac: No such file or directory")
        }
    }
}
