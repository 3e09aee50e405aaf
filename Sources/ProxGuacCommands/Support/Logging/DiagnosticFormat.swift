import Foundation
import ProxGuacCore
import Synchronization

/// `--log-format` for everything a log reader sees, not only swift-log records: error and warning
/// lines (``reportError(_:redactor:write:)``), argument-parser errors and the plan on stdout. With
/// `json`, each is one JSON object per line with `time`, `level`, `label` and `message`, so
/// `journalctl -o cat -u proxguac.service | jq` parses every line the unit wrote.
public enum DiagnosticFormat {
    private static let current = Mutex<LogFormat>(.text)

    public static var format: LogFormat { current.withLock { $0 } }

    public static func use(_ format: LogFormat) { current.withLock { $0 = format } }

    /// The `--log-format` a command line asks for (looked for before the command runs, so that even
    /// an argument-parser error comes out as JSON); `text` when absent or unreadable.
    public static func requested(in arguments: [String]) -> LogFormat {
        var index = arguments.startIndex
        var found = LogFormat.text
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--log-format", index + 1 < arguments.endIndex {
                found = LogFormat(rawValue: arguments[index + 1]) ?? found
            } else if argument.hasPrefix("--log-format=") {
                found = LogFormat(rawValue: String(argument.dropFirst("--log-format=".count))) ?? found
            }
            index += 1
        }
        return found
    }

    /// One JSON log record, with its newline: the shape ``StderrLogHandler`` writes.
    public static func record(level: String, message: String, label: String = "proxguac", extra: [JSONMember] = []) -> String {
        let members = [
            JSONMember("time", .string(Date().formatted(.iso8601))), JSONMember("level", .string(level)),
            JSONMember("label", .string(label)), JSONMember("message", .string(message)),
        ] + extra
        return JSONWriter.compact(.object(members)) + "\n"
    }
}

/// What commands print on stdout for people (the plan, the results): as is with `--log-format text`;
/// with `json`, each line becomes a record (`label` `proxguac.plan`, level `warning` for `warning:`
/// lines, else `notice`) and a line that is already a JSON object passes through.
enum StandardOutput {
    static func writer(quiet: Bool) -> (String) -> Void {
        if quiet { return { _ in } }
        return { text in
            guard DiagnosticFormat.format == .json else { return print(text, terminator: "") }
            print(jsonLines(text), terminator: "")
        }
    }

    static func jsonLines(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), (try? JSONParser.parse(trimmed)) != nil {
                out += trimmed + "\n"
                continue
            }
            let warning = trimmed.hasPrefix("warning: ")
            let message = warning ? String(trimmed.dropFirst("warning: ".count)) : String(line)
            out += DiagnosticFormat.record(level: warning ? "warning" : "notice",
                                           message: SecretRedactor.shared.redact(message), label: "proxguac.plan")
        }
        return out
    }
}
