import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The last TOTP time step each Guacamole account used, in a small file in the state directory, so that two
/// proxguac processes (the timer's run and an interactive one) never send the same code: Guacamole's TOTP
/// extension refuses a code that was used in the last two periods.
///
/// The file (`<stateDir>/guacamole-totp-steps`, one `<step> <account>` line per account) is read and written
/// under its own lock (`…steps.lock`), which waits — unlike the run lock — and is held only while a step is
/// chosen (and, when the current one is taken, while the next one begins: at most one period). Read-only
/// commands log in too, so this is the one local file they may write.
public struct TOTPStepLedger: Sendable {
    public let path: String
    var lockPath: String { path + ".lock" }
    /// Seconds since 1970 (tests pass a fixed clock).
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    /// Waits the given seconds (tests record instead of waiting).
    var sleep: @Sendable (Double) async -> Void = { seconds in try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
    /// Sent this long after a step begins when proxguac had to wait for it, so a server clock a little behind
    /// proxguac's already sees the new step.
    static let marginAfterWait = 0.5

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) {
        self.path = path
    }

    /// `guacamole-totp-steps` in the state directory.
    public init(stateDirectory: String) {
        self.init(path: (stateDirectory.isEmpty ? "." : stateDirectory) + "/guacamole-totp-steps")
    }

    /// Reserves a step for `account` after every step it used before and not before the current one, waits
    /// until that step has begun, records it and returns it.
    public func reserve(account: String, generator: TOTPGenerator) async throws(Failure) -> Int64 {
        let lock = try await acquireLock(timeout: Double(2 * generator.period) + 10)
        defer { close(lock) }
        var steps = read()
        let key = account.replacingOccurrences(of: "\n", with: " ")
        let current = generator.step(at: now())
        var step = max(current, (steps[key] ?? Int64.min) + 1)
        // Different steps almost always give different codes; when they do not, the code would still be "used".
        if let last = steps[key], step == last + 1, generator.code(step: step) == generator.code(step: last) { step += 1 }
        if step > current {
            let wait = generator.start(of: step) - now() + Self.marginAfterWait
            if wait > 0 { await sleep(wait) }
        }
        steps[key] = step
        try write(steps)
        return step
    }

    /// The exclusive `flock`, waiting for another process at most `timeout` seconds.
    private func acquireLock(timeout: Double) async throws(Failure) -> Int32 {
        try ensureDirectory()
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot open \(lockPath) (\(Self.reason())); check that the state directory is writable") }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(fd)
                throw Failure(description: "another proxguac process has held \(lockPath) for more than \(Int(timeout)) s; check for a hung proxguac")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return fd
    }

    private func ensureDirectory() throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        var status = stat()
        if stat(directory, &status) == 0 { return }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw Failure(description: "cannot create the state directory \(directory) (\(Self.reason())) for the TOTP step record")
        }
    }

    private func read() -> [String: Int64] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var steps: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let step = Int64(parts[0]) else { continue }
            steps[String(parts[1])] = max(step, steps[String(parts[1])] ?? Int64.min)
        }
        return steps
    }

    /// Atomically: a temporary file in the same directory, then `rename`.
    private func write(_ steps: [String: Int64]) throws(Failure) {
        let text = steps.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\n" }.joined()
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(temporary) (\(Self.reason())); check that the state directory is writable") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = Self.reason()
            unlink(temporary)
            throw Failure(description: "cannot write \(path) (\(reason)); check that the state directory is writable")
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
