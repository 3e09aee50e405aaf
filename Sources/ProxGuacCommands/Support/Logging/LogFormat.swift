import ArgumentParser
import Logging

/// `--log-format`: human text lines, or one JSON object per line (for journald and log shippers).
public enum LogFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case text
    case json
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
