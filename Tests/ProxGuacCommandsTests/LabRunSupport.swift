import Foundation
import Glibc
import ProxGuacCore
import ProxGuacLab
@testable import ProxGuacCommands

/// A lab plus a config for it in a fresh directory, for tests that run the real binary.
struct BinaryLab {
    let lab: Lab
    let scenario: LabScenario
    let directory: CLITemporaryDirectory
    let config: String

    static func start(_ scenario: LabScenario, options: LabOptions = LabOptions()) throws -> BinaryLab {
        let lab = try Lab.start(scenario, options: options)
        let directory = try CLITemporaryDirectory()
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        return BinaryLab(lab: lab, scenario: scenario, directory: directory, config: config)
    }

    func stop() {
        lab.stop()
        directory.remove()
    }

    /// Guacamole changes the lab has received (creates, updates, deletes, batches, grants); logins excluded.
    var writes: Int {
        lab.requestCounts().filter { key, _ in
            let method = key.prefix { $0 != " " }
            return ["POST", "PUT", "PATCH", "DELETE"].contains(method) && key.contains("/api/session/data/")
        }.values.reduce(0, +)
    }

    /// Marker → number of connections carrying it.
    var markerCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for connection in lab.guacamoleConnections() {
            if let marker = connection.parameters[IdentityMarker.parameterName] { counts[marker, default: 0] += 1 }
        }
        return counts
    }

    var notes: [String?] { scenario.guests.map { lab.notes(vmid: $0.vmid) } }

    /// Runs the binary in the lab's directory (on its own thread).
    func run(_ arguments: [String]) async throws -> ProxGuacBinary.Result {
        try await runBinary(arguments, in: directory.path)
    }

    /// Number of actions `auto --dry-run --json` would take now.
    func plannedActions() async throws -> Int {
        let dry = try await run(["auto", "--dry-run", "--json", "--config", config])
        let document = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any]
        let plan = document?["plan"] as? [String: Any]
        guard dry.status == 0, let actions = plan?["actions"] as? [Any] else {
            throw BinaryLabFailure("auto --dry-run --json failed (\(dry.status)): \(dry.stderr)")
        }
        return actions.count
    }
}

struct BinaryLabFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `proxguac` binary started in the background, its output going to files.
final class RunningBinary: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], in directory: String) throws {
        process.executableURL = URL(fileURLWithPath: ProxGuacBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory, "PATH": "/usr/bin:/bin"]
        stdoutPath = directory + "/.bg-stdout-\(UUID().uuidString)"
        stderrPath = directory + "/.bg-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }

    /// Waits for the exit (on its own thread); returns the status and both outputs.
    func finish() async throws -> ProxGuacBinary.Result {
        let process = self.process
        try await onOwnThread { process.waitUntilExit() }
        defer {
            try? FileManager.default.removeItem(atPath: stdoutPath)
            try? FileManager.default.removeItem(atPath: stderrPath)
        }
        return ProxGuacBinary.Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }
}

/// Polls `condition` every 2 ms (on its own thread) until it holds or `deadline` passes; returns whether it held.
func waitUntil(deadline: Duration, _ condition: @escaping @Sendable () -> Bool) async throws -> Bool {
    try await onOwnThread {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }
}

/// What `RunningBinary.signal(_:when:deadline:)` saw.
enum SignalDelivery: Equatable {
    /// The condition held and the signal was sent at that moment.
    case sent
    /// The process ended before the condition held; no signal was sent.
    case endedFirst
    /// Neither happened before the deadline; no signal was sent.
    case timedOut
}

extension RunningBinary {
    /// Polls `condition` every 2 ms on its own thread and sends `signal` from that thread the moment it holds,
    /// so the signal lands when the test means it to, however late the test's own task is scheduled again on
    /// a busy machine (the whole suite runs at once on 2 cores).
    func signal(_ signal: Int32, deadline: Duration = .seconds(60),
                when condition: @escaping @Sendable () -> Bool) async throws -> SignalDelivery {
        try await onOwnThread { [self] in
            let end = ContinuousClock.now + deadline
            while ContinuousClock.now < end {
                if condition() {
                    guard process.isRunning else { return .endedFirst }
                    Glibc.kill(process.processIdentifier, signal)
                    return .sent
                }
                if !process.isRunning { return .endedFirst }
                usleep(2_000)
            }
            return .timedOut
        }
    }
}

/// `ProxGuacBinary.run` on its own thread.
func runBinary(_ arguments: [String], in directory: String) async throws -> ProxGuacBinary.Result {
    try await onOwnThread { try ProxGuacBinary.run(arguments, in: directory) }
}

/// SplitMix64: a seeded generator for test choices.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs blocking work (child processes, polling) on its own thread, so it does not hold one of the few
/// threads that every async test shares.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
