import Glibc

/// While the UI runs, stderr goes into a pipe instead of the terminal: log lines (`--log-level debug`)
/// and warnings then land in the message log (`m`) instead of being written over the screen. When the
/// UI ends, stderr is restored and everything captured is written to it, so nothing is lost.
@MainActor
final class StderrCapture {
    private let savedDescriptor: Int32
    private let readEnd: Int32
    private var pending: [UInt8] = []
    private(set) var captured: [String] = []
    private var isStopped = false

    /// nil when the pipe cannot be made (stderr is then left as it was).
    init?() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        let saved = dup(2)
        guard saved >= 0, dup2(ends[1], 2) >= 0 else {
            close(ends[0]); close(ends[1])
            if saved >= 0 { close(saved) }
            return nil
        }
        close(ends[1])
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(saved, F_SETFD, FD_CLOEXEC)
        savedDescriptor = saved
        readEnd = ends[0]
    }

    /// Complete lines written since the last call.
    func drain() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, 4096) }
            guard count > 0 else { break }
            pending += buffer[0..<count]
        }
        var lines: [String] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            lines.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        captured += lines
        return lines.map(Self.withoutEscapes)
    }

    /// The line without terminal escape sequences (a log handler may colour its output).
    static func withoutEscapes(_ line: String) -> String {
        var result = ""
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Restores stderr and writes what was captured (and not yet a whole line) to it.
    func stop() {
        guard !isStopped else { return }
        isStopped = true
        _ = dup2(savedDescriptor, 2)
        close(savedDescriptor)
        _ = drain()
        close(readEnd)
        var text = captured.map { $0 + "\n" }.joined()
        if !pending.isEmpty { text += String(decoding: pending, as: UTF8.self) + "\n" }
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
