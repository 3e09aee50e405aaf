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
        passwords, as encrypt-notes does, and re-binds values still bound to a renamed cluster's old name). \
        Drift made in Guacamole is only reported (sync.onDrift, default report) unless --push (notes win) or \
        --pull (Guacamole's values are written into the notes); name rows after the flag (VM id, guest or \
        connection name) to resolve only those. Deletes are held back when the picture of Proxmox is not \
        plausible (no guest selected, the token's view shrank, more deletes than sync.maxDeletes; \
        docs/sync-and-drift.md). Exit codes: 0 all applied, 3 some actions failed or some credential \
        entries could not be used (invalid-notes, e.g. a wrong key), 5 deletes held back by the deletion guard, \
        6 drift or conflicts left unresolved (3 also when one of several clusters cannot be read: its connections are kept), 1 fatal error, 2 bad config or a state file of another Guacamole, \
        4 another run holds the lock; when several apply, 1 > 5 > 3 > 6 > 0.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Plan and print, change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Resolve drift by overwriting Guacamole with the notes (only the named rows, if any).")
    var push = false

    @Flag(name: .long, help: "Resolve drift by writing Guacamole's values into the notes (only the named rows, if any).")
    var pull = false

    @Argument(help: ArgumentHelp("With --push or --pull: resolve only these rows (VM id, guest name or connection name).", valueName: "id|guest"))
    var rows: [String] = []

    @Flag(name: .long, help: "Print nothing on stdout (errors and warnings still go to stderr).")
    var quiet = false

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    @Flag(name: .long, help: "First encrypt the plain passwords in the selected guests' notes (digest-protected).")
    var encryptNotes = false

    @OptionGroup var deletion: DeletionGuardOptions

    func validate() throws {
        if push && pull { throw ValidationError("use either --push or --pull, not both") }
        if !rows.isEmpty && !push && !pull { throw ValidationError("name rows only with --push or --pull, e.g. `auto --push 101`") }
    }

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let engine = try SyncEngine(config: config, logger: logger)
            let resolution: DriftResolution = push ? .push : pull ? .pull : config.sync.onDrift
            var runner = SyncRunner(dryRun: dryRun, resolution: resolution, json: json)
            runner.write = StandardOutput.writer(quiet: quiet)
            runner.safety = deletion.safety
            if !rows.isEmpty {
                let selection = DriftRowSelection(names: rows)
                runner.scope = { run in try selection.scope(run) }
            }
            if encryptNotes {
                var encryption = NotesEncryption(config: config, engine: engine, selection: nil, dryRun: dryRun)
                encryption.failOnUnreadableCluster = false  // the sync holds that cluster and exits 3 itself
                let toStdout = StandardOutput.writer(quiet: quiet)
                encryption.write = json ? { StandardError.write(DiagnosticFormat.format == .json ? StandardOutput.jsonLines($0) : $0) } : { toStdout($0) }
                runner.prepare = {
                    if try await encryption.run() != ExitStatus.success {
                        throw CommandFailure.partial("some notes could not be encrypted; nothing was synced (run `proxguac encrypt-notes` to see which)")
                    }
                }
            }
            let outcome = try await engine.loggingOutOnTermination { try await runner.run(engine) }
            if let hint = NotesEncryption.legacyHint(for: outcome.run, encryption: config.encryption) { reportWarning(hint) }
            FormerNameHint.lines(for: outcome.run).forEach { reportWarning($0) }
            let applied = outcome.report.map { $0.summary } ?? "dry run"
            logger.notice("sync finished: \(outcome.run.plan.actions.count) planned actions, \(applied)")
            if let held = outcome.run.plan.deletionGuard { reportWarning(held.description) }
            let code = Self.exitCode(outcome)
            if code != ExitStatus.success { throw ExitCode(code) }
        }
    }

    /// Reports what keeps the run from success on stderr and returns the most serious code (0 when none).
    static func exitCode(_ outcome: SyncRunner.Outcome) -> Int32 {
        var codes = [outcome.exitCode]
        for failed in outcome.run.failedClusters {
            // One cluster down never fails the others' sync, nor deletes its own connections: exit 3, not 1.
            codes.append(reportError(CommandFailure.partial(failed.description)))
        }
        let unusable = outcome.run.plan.rows.filter { $0.status == .invalidNotes }.count
        if unusable > 0 {
            // A timer must not report success while entries are silently left out (e.g. a wrong key).
            codes.append(reportError(CommandFailure.partial("\(unusable) credential entr\(unusable == 1 ? "y" : "ies") could not be used (invalid-notes); `proxguac list --verbose` says why")))
        }
        let drift = outcome.unresolvedDrift
        if !drift.isEmpty {
            let shown = drift.prefix(5).map { "\($0.path.appending($0.name))" }.joined(separator: ", ")
            reportWarning("\(drift.count) connection\(drift.count == 1 ? "" : "s") drifted in Guacamole and left as is (\(shown)\(drift.count > 5 ? ", ..." : "")): "
                          + "`proxguac auto --push ID` or `--pull ID` resolves them, sync.onDrift sets a standing policy")
            codes.append(ExitStatus.driftUnresolved)
        }
        return ExitStatus.mostSerious(codes)
    }
}
