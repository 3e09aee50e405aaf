import ArgumentParser
import ProxGuacCore
import ProxGuacSync

/// `proxguac auto`: one unattended sync (systemd timer, cron).
struct AutoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto",
        abstract: "Sync once without questions: plan, print the plan, apply it.",
        discussion: """
        Reads the guests' notes and Guacamole, plans the changes under sync.rootGroup and applies them. \
        The notes are never rewritten, except with --pull or --encrypt-notes (which first encrypts plain \
        passwords, as encrypt-notes does). \
        Drift made in Guacamole is only reported unless --push (notes win) or --pull (Guacamole's values \
        are written into the notes). Exit codes: 0 all applied, 3 some actions failed or some credential \
        entries could not be used (invalid-notes, e.g. a wrong key), 1 fatal error, 4 another run holds the lock.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Plan and print, change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Resolve drift by overwriting Guacamole with the notes.")
    var push = false

    @Flag(name: .long, help: "Resolve drift by writing Guacamole's values into the notes.")
    var pull = false

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    @Flag(name: .long, help: "First encrypt the plain passwords in the selected guests' notes (digest-protected).")
    var encryptNotes = false

    func validate() throws {
        if push && pull { throw ValidationError("use either --push or --pull, not both") }
    }

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let engine = try SyncEngine(config: config, logger: logger)
            var runner = SyncRunner(dryRun: dryRun, resolution: push ? .push : pull ? .pull : .report, json: json)
            if encryptNotes {
                var encryption = NotesEncryption(config: config, engine: engine, vmids: nil, dryRun: dryRun)
                if json { encryption.write = { StandardError.write($0) } }
                runner.prepare = {
                    if try await encryption.run() != ExitStatus.success {
                        throw CommandFailure.partial("some notes could not be encrypted; nothing was synced (run `proxguac encrypt-notes` to see which)")
                    }
                }
            }
            let outcome = try await runner.run(engine)
            if let hint = NotesEncryption.legacyHint(for: outcome.run, encryption: config.encryption) { reportWarning(hint) }
            let applied = outcome.report.map { $0.summary } ?? "dry run"
            logger.notice("sync finished: \(outcome.run.plan.actions.count) planned actions, \(applied)")
            if outcome.exitCode != ExitStatus.success { throw ExitCode(outcome.exitCode) }
            let unusable = outcome.run.plan.rows.filter { $0.status == .invalidNotes }.count
            if unusable > 0 {
                // A timer must not report success while entries are silently left out (e.g. a wrong key).
                throw CommandFailure.partial("\(unusable) credential entr\(unusable == 1 ? "y" : "ies") could not be used (invalid-notes); `proxguac list --verbose` says why")
            }
        }
    }
}
