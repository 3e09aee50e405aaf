import Foundation
import ProxGuacTUI

/// Whether a command may change things: `--yes`, else a y/N question on a terminal, else exit 2.
enum Consent {
    /// True to go ahead. Without `yes` and without a terminal nothing can be asked: throws a usage
    /// error (exit 2) telling to run `retry` (the command with `--yes`).
    static func confirm(_ question: String, yes: Bool, retry: String) throws(CommandFailure) -> Bool {
        if yes { return true }
        guard TerminalUI.isInteractive else {
            throw .usage("nothing changed: no terminal to ask on; to apply, run `\(retry)`")
        }
        return ask(question)
    }

    /// Asks `question [y/N]` on the terminal; false without a terminal or for any answer but y/yes.
    static func ask(_ question: String) -> Bool {
        guard TerminalUI.isInteractive else { return false }
        print("\(question) [y/N] ", terminator: "")
        fflush(nil)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
