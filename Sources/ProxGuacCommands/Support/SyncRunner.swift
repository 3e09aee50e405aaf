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

    /// The result of one run.
    struct Outcome {
        var run: SyncRun
        var report: ApplyReport?
        /// The plan that was (or, in a dry run, would be) applied: the scoped one when a scope was set.
        var acted: Plan? = nil

        /// Drifted or conflicting rows this run leaves as they are (exit 6 for `auto`).
        var unresolvedDrift: [SyncStatusRow] { (acted ?? run.plan).unresolvedDrift }

        /// 0 when everything was applied (or nothing needed to), 3 when some actions failed.
        var exitCode: Int32 {
            guard let report else { return ExitStatus.success }
            return report.isComplete ? ExitStatus.success : ExitStatus.partialFailure
        }
    }

    /// Plans and (unless `dryRun`) applies. Throws on fatal errors (unreadable side, lock held).
    func run(_ engine: SyncEngine) async throws -> Outcome {
        let lock = try engine.lock()
        defer { lock.release() }
        try await prepare?()
        let run = try await engine.plan(resolution: resolution)
        let scoped = try scope?(run)
        let shown = scoped?.shownPlan ?? run.plan
        if !json {
            write(shown.renderText())
            for problem in run.problems { write("warning: \(problem)\n") }
        }
        guard !dryRun else {
            if json { write(SyncResultDocument(run: run, plan: shown, report: nil).jsonText() + "\n") }
            return Outcome(run: run, report: nil, acted: scoped?.plan)
        }
        if let confirm, !shown.isEmpty, try !confirm(shown) {
            write("Nothing changed.\n")
            return Outcome(run: run, report: nil)
        }
        // Applied even when empty: the state file then records the in-sync hashes.
        let report: ApplyReport
        if let scoped {
            report = await engine.apply(run, scoped: scoped)
        } else {
            report = await engine.apply(run)
        }
        if json {
            write(SyncResultDocument(run: run, plan: shown, report: report).jsonText() + "\n")
            for problem in report.localProblems { reportWarning(problem) }
        } else if !shown.isEmpty || !report.isComplete {
            write("Applied: \(report.summary).\n")
            for failure in report.failures { write("  failed: \(failure)\n") }
            for problem in report.localProblems { reportWarning(problem) }
        }
        return Outcome(run: run, report: report, acted: scoped?.plan)
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

    init(run: SyncRun, plan shown: Plan? = nil, report: ApplyReport?) {
        applied = report != nil
        plan = (shown ?? run.plan).document
        appliedActions = report?.applied.count ?? 0
        failures = (report?.failures ?? []).map {
            Failure(action: "\($0.action.phase)", subject: $0.action.subject, message: $0.message)
        }
        problems = run.problems + (report?.localProblems ?? [])
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
