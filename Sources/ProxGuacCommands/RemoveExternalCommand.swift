import ArgumentParser
import ProxGuacCore
import ProxGuacSync

/// `proxguac remove-external --name N`: the reverse of `add-external`.
struct RemoveExternalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-external",
        abstract: "Remove a host from the config's external list and delete its connections.",
        discussion: """
        Removes the entry named --name from `external` in the config file (atomically, keeping its \
        permissions), then syncs just that host: its managed connections are deleted (with \
        sync.deleteOrphans, the default). An unknown name exits 2 and leaves the config as it was.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: "The external host's name.")
    var name: String

    @Flag(name: .long, help: "Show the plan, write nothing.")
    var dryRun = false

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let logger = try bootstrapLogging(globals)
            let loaded = try globals.loadConfig()
            let editor = ConfigFileEditor(path: loaded.path)
            let (root, mode) = try editor.read()
            guard let updatedRoot = ConfigFileEditor.removingExternal(named: name, from: root) else {
                let known = loaded.config.external.map(\.name)
                throw CommandFailure.usage("no external host named \"\(name)\" in \(loaded.path)"
                    + (known.isEmpty ? "" : ": known names are \(known.joined(separator: ", "))"))
            }
            let change = ExternalHostChange(editor: editor, root: updatedRoot, mode: mode, name: name, dryRun: dryRun)
            let status = try await change.run(action: "Removed from", logger: logger)
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }
}
