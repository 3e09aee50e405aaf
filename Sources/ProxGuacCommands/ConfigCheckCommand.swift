import ArgumentParser
import ProxGuacCore

/// `proxguac config check`: validate the config and print the effective values (secrets redacted).
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective settings (secrets shown as <redacted>).",
        discussion: "Defaults are filled in; each secret shows where it came from (environment variable, file or inline). Warnings go to stderr. Exit code 2 when the configuration is invalid."
    )

    /// Version of the `--json` document layout.
    static let schemaVersion = 1

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    func run() async throws {
        try await withErrorReporting {
            try bootstrapLogging(globals)
            let loaded = try globals.loadConfig()
            if json {
                let document = JSONValue.object([
                    JSONMember("schemaVersion", .integer(Self.schemaVersion)),
                    JSONMember("file", .string(loaded.path)),
                    JSONMember("warnings", .array(loaded.warnings.map { .string($0.description) })),
                    JSONMember("config", loaded.config.effectiveJSON),
                ])
                print(JSONWriter.pretty(document), terminator: "")
            } else {
                print("\(loaded.path): valid")
                for line in loaded.config.effectiveLines { print(line) }
            }
        }
    }
}
