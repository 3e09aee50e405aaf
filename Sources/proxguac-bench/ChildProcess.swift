import Foundation
import Glibc

/// One finished child process: how it ended, how long it took, its peak resident memory.
struct ChildResult {
    var exitStatus: Int32
    var wall: Duration
    /// Peak resident set of the child's program (kilobytes; `VmHWM`, see `ChildProcess.residentHighWater`).
    var peakRSSKilobytes: Int
    /// User + system CPU time of the child.
    var cpu: Duration
}

/// Runs a program as a child (`posix_spawn`, stdout and stderr to files or /dev/null), reads its peak RSS while
/// it runs and reaps it with `wait4` (CPU time).
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `environment` is added to (or replaces entries of) this process's environment.
    static func run(_ path: String, _ arguments: [String], stdout: String = "/dev/null",
                    stderr: String = "/dev/null", environment: [String: String] = [:]) throws(Failure) -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let inherited = ProcessInfo.processInfo.environment.filter { environment[$0.key] == nil }
        let envp = (inherited.merging(environment) { _, new in new }).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot start \(path): \(String(cString: strerror(spawned))); pass the proxguac binary with --proxguac")
        }
        var status: Int32 = 0
        var usage = rusage()
        var highWater = 0
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 {
                guard errno == EINTR else { throw Failure(description: "waiting for \(path) failed: \(String(cString: strerror(errno)))") }
                continue
            }
            highWater = max(highWater, residentHighWater(of: pid) ?? 0)
            usleep(highWaterPollMicroseconds)
        }
        let wall = ContinuousClock.now - start
        let exited = (status & 0x7f) == 0
        return ChildResult(exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), wall: wall,
                           peakRSSKilobytes: highWater > 0 ? highWater : usage.ru_maxrss,
                           cpu: duration(usage.ru_utime) + duration(usage.ru_stime))
    }

    /// How often the child's `VmHWM` is read while it runs.
    static let highWaterPollMicroseconds: UInt32 = 2_000

    /// `VmHWM` of a running process (kilobytes): the peak resident set of the program it runs now.
    ///
    /// Not `ru_maxrss`: `posix_spawn` starts the child sharing this process's memory until `exec`, and Linux
    /// keeps the larger of that memory's peak and the program's in the child's `ru_maxrss`, so it reported the
    /// bench's own peak (the lab's 10,000 guests and connections) whenever that was higher. `VmHWM` only grows,
    /// so the last reading before the child exits misses at most its last 2 ms.
    static func residentHighWater(of pid: pid_t) -> Int? {
        // /proc files report size 0: read them with plain `read` until the end.
        let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// User + system CPU time of this process so far (all its threads; children not included).
    static func ownCPU() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    private static func duration(_ time: timeval) -> Duration {
        .seconds(time.tv_sec) + .microseconds(time.tv_usec)
    }
}
