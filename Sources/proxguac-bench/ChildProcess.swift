import Foundation
import Glibc
import ProxGuacLab

/// One finished child process: how it ended, how long it took, its peak resident memory.
struct ChildResult {
    var exitStatus: Int32
    /// From the program's start (`exec`) to its exit.
    var wall: Duration
    /// From the bench's spawn of the launcher to the program's start.
    var startDelay: Duration
    /// Peak resident set of the child's program (kilobytes; its own `ru_maxrss`, see `MeasuredLaunch`).
    var peakRSSKilobytes: Int
    /// User + system CPU time of the child.
    var cpu: Duration
}

/// Runs a program as a child through the bench's own launcher (`MeasuredLaunch`: stdout and stderr to files
/// or /dev/null): exact peak RSS and CPU time from `wait4`, no polling while it runs.
enum ChildProcess {
    typealias Failure = MeasuredLaunch.Failure

    /// This executable: the launcher. Spawned as `/proc/self/exe`, which in the spawned child still names the
    /// bench's own binary, even when a rebuild has replaced the file meanwhile.
    static let launcher = "/proc/self/exe"

    /// `environment` is added to (or replaces entries of) this process's environment.
    static func run(_ path: String, _ arguments: [String], stdout: String = "/dev/null",
                    stderr: String = "/dev/null", environment: [String: String] = [:]) throws(Failure) -> ChildResult {
        let inherited = ProcessInfo.processInfo.environment.filter { environment[$0.key] == nil }
        let outcome = try MeasuredLaunch.run(launcher: launcher, path, arguments, stdout: stdout, stderr: stderr,
                                             environment: inherited.merging(environment) { _, new in new })
        return ChildResult(exitStatus: outcome.exitStatus, wall: outcome.wall, startDelay: outcome.startDelay,
                           peakRSSKilobytes: outcome.peakRSSKilobytes, cpu: outcome.cpu)
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
