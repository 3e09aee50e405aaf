import Glibc

/// Runs a program and measures it the way the benchmark reports it: wall time from `exec` to exit, user +
/// system CPU, and peak resident memory — the program's own, exactly, with no polling.
///
/// Why a launcher: `posix_spawn` starts a child sharing the caller's memory until `exec`, and Linux keeps the
/// peak of that memory in the child's `ru_maxrss` (`exec_mmap` → `setmax_mm_hiwater_rss`), so a child of the
/// bench (whose lab holds 10,000 guests) reported the bench's peak whenever that was higher. So the bench
/// re-executes itself as a small launcher (`launcherFlag`), which spawns the program and reaps it with a
/// blocking `wait4`: the program inherits only the launcher's few megabytes, so its `ru_maxrss` is its own
/// peak. The launcher reports over a pipe (fd 3) and exits. Its own peak at spawn time comes with the report:
/// `ru_maxrss` is the larger of the two, so a peak above it is the program's.
public enum MeasuredLaunch {
    /// The first argument that turns the bench binary into the launcher.
    public static let launcherFlag = "--measured-launch"
    /// The launcher's report pipe.
    static let reportDescriptor: Int32 = 3

    public struct Outcome: Sendable, Equatable {
        /// The exit code, or 128 + the signal that ended the program.
        public var exitStatus: Int32
        /// From just before the launcher's `posix_spawn` to `wait4` returning.
        public var wall: Duration
        /// From the caller's spawn of the launcher to the launcher's spawn of the program.
        public var startDelay: Duration
        /// `ru_maxrss` of the program (kilobytes).
        public var peakRSSKilobytes: Int
        /// The launcher's own peak when it spawned the program (kilobytes): `peakRSSKilobytes` is the
        /// program's own peak when it is larger than this.
        public var launcherPeakKilobytes: Int
        /// User + system CPU time of the program.
        public var cpu: Duration
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    // MARK: caller side

    /// Runs `path` through `launcher` (an executable that calls `launcherMain` for `launcherFlag`, i.e. the
    /// bench binary); stdin from /dev/null, stdout and stderr to the given files; `environment` is the whole
    /// environment of the program.
    public static func run(launcher: String, _ path: String, _ arguments: [String], stdout: String, stderr: String,
                           environment: [String: String]) throws(Failure) -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "cannot create a pipe: \(errorText(errno))") }
        // Neither end leaks into other children; the launcher gets the write end as fd 3 (dup2 clears the flag).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], reportDescriptor)
        let argv = ([launcher, launcherFlag, path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawnedAt = monotonicNanoseconds()
        let spawned = posix_spawn(&pid, launcher, &actions, nil, argv, envp)
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else {
            throw Failure(description: "cannot start the launcher \(launcher): \(errorText(spawned))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waiting for \(path) failed: \(errorText(errno))") }
        }
        let report = readAll(pipeEnds[0])
        guard let outcome = parse(report, spawnedAt: spawnedAt) else {
            let reason = report.hasPrefix("spawn-error ") ? errorText(Int32(report.dropFirst(12).prefix { $0 != "\n" }) ?? 0)
                : "the launcher \(launcher) ended with status \(status) and no report"
            throw Failure(description: "cannot start \(path): \(reason); pass the proxguac binary with --proxguac")
        }
        return outcome
    }

    static func parse(_ report: String, spawnedAt: Int64) -> Outcome? {
        let fields = report.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 8, fields[0] == "measured" else { return nil }
        let numbers = fields.dropFirst().compactMap { Int64($0) }
        guard numbers.count == 7 else { return nil }
        let (status, started, exited, peak, launcherPeak, user, system) =
            (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6])
        return Outcome(exitStatus: Int32(status), wall: .nanoseconds(exited - started), startDelay: .nanoseconds(started - spawnedAt),
                       peakRSSKilobytes: Int(peak), launcherPeakKilobytes: Int(launcherPeak),
                       cpu: .microseconds(user) + .microseconds(system))
    }

    // MARK: launcher side

    /// The launcher: `arguments` are `[launcher, launcherFlag, path, program arguments…]`. Spawns the program
    /// with this process's descriptors 0–2 and environment, reaps it, writes one report line to fd 3, exits 0
    /// (127 when the program cannot be started).
    public static func launcherMain(_ arguments: [String]) -> Never {
        _ = fcntl(reportDescriptor, F_SETFD, FD_CLOEXEC)
        guard arguments.count >= 3 else {
            report("spawn-error \(EINVAL)\n")
            exit(127)
        }
        let path = arguments[2]
        let argv = arguments.dropFirst(2).map { strdup($0) } + [nil]
        let launcherPeak = ownPeakKilobytes()
        var pid: pid_t = 0
        let started = monotonicNanoseconds()
        let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard spawned == 0 else {
            report("spawn-error \(spawned)\n")
            exit(127)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                report("spawn-error \(errno)\n")
                exit(127)
            }
        }
        let exited = monotonicNanoseconds()
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        report("measured \(exitStatus) \(started) \(exited) \(usage.ru_maxrss) \(launcherPeak) \(user) \(system)\n")
        exit(0)
    }

    private static func report(_ line: String) {
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(reportDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// This process's `VmHWM` (kilobytes), 0 when unreadable.
    private static func ownPeakKilobytes() -> Int {
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let text = readAll(fd)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }

    private static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
