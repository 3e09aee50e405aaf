import Foundation
import Logging
import ProxGuacCore
import ProxGuacSync

/// What `auto`, `add`, `add-external` and `demo` share: lock, plan, print, apply, decide the exit code.
struct SyncRunner {
    var dryRun = false
    var resolution: DriftResolution = .report
    var json = false
    /// Where the plan and results go (stdout for the commands).
    var write: (String) -> Void = { print($0, terminator: "") }
    /// Runs under the lock before planning (e.g. `--encrypt-notes`).
    var prepare: (() async throws -> Void)?
    /// Cuts the plan to what the command is about (`add --vmid`); nil syncs everything.
    var scope: ((SyncRun) throws -> ScopedPlan)?
    /// Asked before a non-empty plan is applied; false changes nothing. nil applies without asking.
    var confirm: ((Plan) throws -> Bool)?
    /// The deletion guard's flags and `--rebind` (`applying` is derived from `dryRun` and `confirm`).
    var safety = RunSafety()

    /// The result of one run.
    struct Outcome {
        var run: SyncRun
        var report: ApplyReport?
        /// The deletion guard held back deletes this run was about (for a scoped run, of its own identities).
        var deletesHeld = false
        /// The plan that was (or, in a dry run, would be) applied: the scoped one when a scope was set.
        var acted: Plan? = nil

        /// Drifted or conflicting rows this run leaves as they are (exit 6 for `auto`).
        var unresolvedDrift: [SyncStatusRow] { (acted ?? run.plan).unresolvedDrift }

        /// 0 when everything was applied (or nothing needed to), 3 when some actions failed, 5 when the
        /// deletion guard held deletes back (also in a dry run); the most serious wins.
        var exitCode: Int32 {
            let failed = report.map { $0.isComplete ? ExitStatus.success : ExitStatus.partialFailure } ?? ExitStatus.success
            return ExitStatus.mostSerious([failed, deletesHeld ? ExitStatus.deletesHeld : ExitStatus.success])
        }
    }

    /// Plans and (unless `dryRun`) applies. Throws on fatal errors (unreadable side, lock held).
    func run(_ engine: SyncEngine) async throws -> Outcome {
        let lock = try engine.lock()
        defer { lock.release() }
        try await prepare?()
        var safety = self.safety
        // Only a run that applies without a question may start guests for discovery.
        safety.applying = !dryRun && confirm == nil
        let run = try await engine.plan(resolution: resolution, safety: safety)
        let scoped = try scope?(run)
        let shown = scoped?.shownPlan ?? run.plan
        let held = run.plan.deletionGuard?.held ?? []
        let deletesHeld = scoped.map { scope in held.contains { $0.identity.map { !scope.leftOut.contains($0) } ?? false } } ?? !held.isEmpty
        // A run that applies without a question renders the plan's text while the writes start (25,000 lines at a
        // 10,000-guest first sync take about 50 ms): the text is written once rendered, before "Applied:", as
        // before. Otherwise it is written first, as the question or the dry run needs it.
        let overlapsText = !json && !dryRun && confirm == nil
        let renderedText = overlapsText ? Task.detached { shown.renderText() } : nil
        if !json && !overlapsText {
            write(shown.renderText())
            for problem in run.problems { write("warning: \(TerminalText.escaped(problem))\n") }
        }
        guard !dryRun else {
            if json { write(SyncResultDocument(run: run, plan: shown, report: nil, clusters: engine.clusters.count).jsonText() + "\n") }
            return Outcome(run: run, report: nil, deletesHeld: deletesHeld, acted: scoped?.plan)
        }
        if let confirm, !shown.isEmpty, try !confirm(shown) {
            write("Nothing changed.\n")
            return Outcome(run: run, report: nil, deletesHeld: deletesHeld, acted: scoped?.plan)
        }
        // Applied even when empty: the state file then records the in-sync hashes.
        let applying = Task { [scoped] in
            if let scoped { await engine.apply(run, scoped: scoped) } else { await engine.apply(run) }
        }
        // A cancel (SIGINT, SIGTERM) reaches the writes also while the text is still being rendered.
        let report = await withTaskCancellationHandler {
            if let renderedText {
                write(await renderedText.value)
                for problem in run.problems { write("warning: \(TerminalText.escaped(problem))\n") }
            }
            return await applying.value
        } onCancel: {
            applying.cancel()
        }
        if json {
            write(SyncResultDocument(run: run, plan: shown, report: report, clusters: engine.clusters.count).jsonText() + "\n")
            for problem in report.localProblems { reportWarning(problem) }
        } else if !shown.isEmpty || !report.isComplete {
            write("Applied: \(report.summary).\n")
            // Failures quote server error bodies: escaped like every other outside text.
            for failure in report.failures { write("  failed: \(TerminalText.escaped(OneLine.make("\(failure)")))\n") }
            for problem in report.localProblems { reportWarning(problem) }
        }
        return Outcome(run: run, report: report, deletesHeld: deletesHeld, acted: scoped?.plan)
    }
}

/// `auto --json`: the plan and what applying it did.
struct SyncResultDocument: Encodable {
    static let schemaVersion = 1

    struct Failure: Encodable {
        var action: String
        var subject: String
        var message: String
    }

    var schemaVersion = Self.schemaVersion
    var kind = "sync-result"
    var applied: Bool
    var plan: PlanDocument
    var appliedActions: Int
    var failures: [Failure]
    var problems: [String]
    /// Clusters that could not be read (their connections were kept untouched); present when several clusters are configured.
    var failedClusters: [FailedClusterDocument]?

    struct FailedClusterDocument: Encodable {
        var cluster: String?
        var problem: String
    }

    init(run: SyncRun, plan shown: Plan? = nil, report: ApplyReport?, clusters: Int = 1) {
        applied = report != nil
        plan = (shown ?? run.plan).document
        appliedActions = report?.applied.count ?? 0
        failures = (report?.failures ?? []).map {
            Failure(action: "\($0.action.phase)", subject: $0.action.subject, message: $0.message)
        }
        problems = run.problems + (report?.localProblems ?? [])
        if clusters > 1 || !run.failedClusters.isEmpty {
            failedClusters = run.failedClusters.map { FailedClusterDocument(cluster: $0.name?.text, problem: $0.problem) }
        }
    }

    func jsonText() -> String {
        let encoder = JSONEncoder()
        // One line with --log-format json, so stdout stays JSON lines.
        encoder.outputFormatting = DiagnosticFormat.format == .json
            ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
