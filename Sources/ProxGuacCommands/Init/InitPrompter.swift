import Foundation
import Glibc

/// Questions on the terminal for `proxguac init`: plain answers, hidden secrets (echo off), yes/no.
/// Without a terminal (or with `--non-interactive`) nothing is asked: every answer must come from a flag.
struct InitPrompter {
    let interactive: Bool

    /// The answer, or `defaultValue` for an empty line.
    func ask(_ question: String, default defaultValue: String? = nil) throws -> String {
        let hint = defaultValue.map { " [\($0)]" } ?? ""
        while true {
            FileHandle.standardOutput.write(Data("\(question)\(hint): ".utf8))
            guard let line = readLine() else { throw CommandFailure.usage("init: input ended before every question was answered") }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if !answer.isEmpty { return answer }
            if let defaultValue { return defaultValue }
        }
    }

    /// A secret typed without echo; "" only when `optional`.
    func askSecret(_ question: String, optional: Bool = false) throws -> String {
        while true {
            FileHandle.standardOutput.write(Data("\(question): ".utf8))
            let line = Self.readHiddenLine()
            FileHandle.standardOutput.write(Data("\n".utf8))
            guard let line else { throw CommandFailure.usage("init: input ended before every question was answered") }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if !answer.isEmpty || optional { return answer }
        }
    }

    func confirm(_ question: String) throws -> Bool {
        let answer = try ask(question + " (yes/no)", default: "no").lowercased()
        return answer == "y" || answer == "yes"
    }

    /// One line from stdin with the terminal's echo off (restored afterwards, also when input ends).
    private static func readHiddenLine() -> String? {
        var saved = termios()
        let isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer { if isTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) } }
        return readLine()
    }
}
