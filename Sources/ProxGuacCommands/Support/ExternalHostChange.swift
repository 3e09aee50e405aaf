import Glibc
import Logging
import ProxGuacCore
import ProxGuacSync

/// What `add-external` and `remove-external` share: write the edited config (unless a dry run), then
/// sync just that external host with the new config.
struct ExternalHostChange {
    var editor: ConfigFileEditor
    /// The edited config document and the file's permission bits to keep.
    var root: [JSONMember]
    var mode: mode_t
    var name: String
    var dryRun: Bool

    /// `action` is a verb phrase for the report, e.g. `Added to` / `Removed from`. Returns the exit code.
    func run(action: String, logger: Logger) async throws -> Int32 {
        let updated = try editor.check(root)
        if dryRun {
            print("Dry run, not written: \(action) \(editor.path): external host \"\(name)\".")
        } else {
            try editor.write(root, mode: mode)
            print("\(action) \(editor.path): external host \"\(name)\".")
        }
        var runner = SyncRunner(dryRun: dryRun)
        let source = ConnectionSource.external(name: name)
        runner.scope = { (run: SyncRun) -> ScopedPlan in ScopedPlan(run.plan, sources: [source]) }
        let engine = try SyncEngine(config: updated.config, logger: logger)
        OpenSessions.register(engine.guacamole)
        return try await engine.loggingOutOnTermination { try await runner.run(engine) }.exitCode
    }
}
