import ArgumentParser
import Glibc
import Logging

/// `--color`: whether to use ANSI colours.
public enum ColorMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// Colour when the stream is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset or empty.
    case auto
    case always
    case never
}

/// Colour decisions and the few SGR sequences proxguac uses.
public enum TerminalStyle {
    /// Whether output to `descriptor` (1 = stdout, 2 = stderr) should be coloured.
    /// An explicit `always`/`never` wins over `NO_COLOR` (as no-color.org asks).
    public static func useColor(_ mode: ColorMode, descriptor: Int32, environment: [String: String]) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(descriptor) == 1
        }
    }

    public static func bold(_ text: String) -> String { "\u{1B}[1m\(text)\u{1B}[0m" }
    public static func red(_ text: String) -> String { "\u{1B}[31m\(text)\u{1B}[0m" }
    public static func yellow(_ text: String) -> String { "\u{1B}[33m\(text)\u{1B}[0m" }
    public static func dim(_ text: String) -> String { "\u{1B}[2m\(text)\u{1B}[0m" }

    static func levelColor(_ level: Logger.Level, _ text: String) -> String {
        switch level {
        case .trace, .debug: dim(text)
        case .info, .notice: text
        case .warning: yellow(text)
        case .error, .critical: red(text)
        }
    }
}
