import ArgumentParser
import Foundation
import Logging
import ProxGuacCore

/// Options every subcommand accepts: mount with `@OptionGroup var globals: GlobalOptions`.
public struct GlobalOptions: ParsableArguments, Sendable {
    public static let logLevelVariable = "PROXGUAC_LOG_LEVEL"

    @Option(name: .long, help: ArgumentHelp("Config file (default: $PROXGUAC_CONFIG, ./config.json, ~/.config/proxguac/config.json, /etc/proxguac/config.json).", valueName: "file"),
            completion: .file(extensions: ["json"]))
    public var config: String?

    @Option(name: .long, help: ArgumentHelp("Log level (default: $PROXGUAC_LOG_LEVEL, else warning).", valueName: "level"))
    public var logLevel: Logger.Level?

    @Option(name: .long, help: "Log lines on stderr as text, or json (one object per line, for journald).")
    public var logFormat: LogFormat = .text

    @Option(name: .long, help: "Colour: auto means only on a terminal and not when NO_COLOR is set.")
    public var color: ColorMode = .auto

    @Option(name: .long, help: ArgumentHelp("Audit log, JSON lines (default: sync.auditLog, else audit.jsonl next to the state file).", valueName: "file"),
            completion: .file())
    public var auditLog: String?

    @Option(name: .long, help: ArgumentHelp("Requests in flight at most: overrides sync.concurrency and proxmox.maxConcurrentPerNode; 1 sends one request at a time.", valueName: "n"))
    public var concurrency: Int?

    public init() {}

    public func validate() throws {
        if let concurrency, !(1...256).contains(concurrency) {
            throw ValidationError("--concurrency must be between 1 and 256")
        }
    }

    /// `--log-level`, else `$PROXGUAC_LOG_LEVEL`, else `warning`.
    public func effectiveLogLevel(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> Logger.Level {
        if let logLevel { return logLevel }
        guard let text = environment[Self.logLevelVariable], !text.isEmpty else { return .warning }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw .usage("\(Self.logLevelVariable)=\(text) is not a log level: use one of \(names)")
        }
        return level
    }

    /// Whether to colour output going to `descriptor` (1 stdout, 2 stderr).
    public func useColor(descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        TerminalStyle.useColor(color, descriptor: descriptor, environment: environment)
    }

    /// Loads the config (search order as in ``ConfigLoader``), prints its warnings on stderr and
    /// registers its secrets with ``SecretRedactor/shared`` so they never reach the logs.
    public func loadConfig(loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> LoadedConfig {
        var loaded: LoadedConfig
        do {
            loaded = try loader.load(explicitPath: config)
        } catch {
            throw error.reportingAllButLast()
        }
        if let auditLog { loaded.config.sync.auditLog = auditLog }
        if let concurrency {
            loaded.config.sync.concurrency = concurrency
            for index in loaded.config.clusters.indices { loaded.config.clusters[index].maxConcurrentPerNode = min(concurrency, 64) }
        }
        SecretRedactor.shared.register(loaded.config.allSecrets)
        for warning in loaded.warnings { reportWarning(warning.description) }
        return loaded
    }
}
