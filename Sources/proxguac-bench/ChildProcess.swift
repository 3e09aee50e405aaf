import Foundation
import Glibc

/// One finished child process: how it ended, how long it took, its peak resident memory.
struct ChildResult {
    var exitStatus: Int32
    var wall: Duration
    /// `ru_maxrss` of the child (kilobytes on Linux).
    var peakRSSKilobytes: Int
    /// User + system CPU time of the child.
    var cpu: Duration
}

/// Runs a program as a child (`posix_spawn`, stdout and stderr to files or /dev/null) and reaps it
/// with `wait4`, so the peak RSS is the child's own.
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
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "waiting for \(path) failed: \(String(cString: strerror(errno)))") }
        }
        let wall = ContinuousClock.now - start
        let exited = (status & 0x7f) == 0
        return ChildResult(exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), wall: wall,
                           peakRSSKilobytes: usage.ru_maxrss, cpu: duration(usage.ru_utime) + duration(usage.ru_stime))
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
