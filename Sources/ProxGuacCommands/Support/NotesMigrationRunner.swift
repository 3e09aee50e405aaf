import ProxGuacCore
import ProxGuacHTTP
import ProxGuacSync

/// What `encrypt-notes`, `rekey` and the menus' Encrypt share: for each selected guest of every configured cluster,
/// rewrite its notes with a pure transform (digest-protected, see ``GuestNotesRewriter``), print what changed (counts,
/// never values) and decide the exit code (0, or 3 when some guests failed).
struct NotesMigrationRunner {
    var clusters: [ClusterReader]
    var filter: GuestFilter
    /// Only these guests (still within `sync.filter`); nil for all.
    var selection: GuestSelection?
    var dryRun = false
    /// Past participle for the report, e.g. `encrypted`, `re-encrypted`.
    var verb: String
    var write: (String) -> Void = { print($0, terminator: "") }
    /// Where each rewritten guest is recorded (action `audit.action`, field `encrypted_password`, counts only).
    var audit: (log: AuditLog?, action: String)?
    /// Whether a cluster that cannot be read (one of several) makes the run fail (exit 3). `auto --encrypt-notes` says
    /// no: the sync that follows holds that cluster's connections and reports it itself.
    var failOnUnreadableCluster = true
    /// Told before each guest (guests done, guests selected, the guest's label) and once at the end (the menus' bar).
    var progress: (Int, Int, String) -> Void = { _, _, _ in }
    /// Stop before the next guest once the task is cancelled (the menus' Esc): a write under way still finishes.
    var stopsWhenCancelled = false

    /// A guest's new notes from its notes text (pure: no I/O), and what changed.
    typealias Transform = @Sendable (String, GuestKey) throws -> NotesRewriter.Migration

    /// What one run did: counts, never values.
    struct Outcome {
        /// Each guest whose notes changed (or would, in a dry run), with its counts.
        var changed: [(guest: ClusterGuest, count: Int, rebound: Int)] = []
        /// How many guests were selected and read.
        var checked = 0
        /// One line per guest (or cluster) that failed, naming it and why (`lab/101 web01: …`, `cluster lab2: …`).
        var failures: [String] = []
        var wasCancelled = false

        var changedValues: Int { changed.reduce(0) { $0 + $1.count } }
        var reboundValues: Int { changed.reduce(0) { $0 + $1.rebound } }
    }

    /// Runs the transform (notes text, the guest) on every selected guest; prints the summary; returns the exit code.
    func run(_ transform: @escaping Transform) async throws -> Int32 {
        let outcome = try await migrate(transform)
        let summary = dryRun ? "Dry run, nothing written" : "Done"
        let rebound = outcome.reboundValues > 0
            ? ", \(outcome.reboundValues) \(dryRun ? "would be " : "")re-bound to their cluster's current name" : ""
        write("\(summary): \(outcome.changedValues) password(s) in \(outcome.changed.count) of \(outcome.checked) guest(s) \(verb)\(rebound), \(outcome.failures.count) failed.\n")
        return outcome.failures.isEmpty ? ExitStatus.success : ExitStatus.partialFailure
    }

    /// Runs the transform on every selected guest, printing one line per guest changed or failed.
    func migrate(_ transform: @escaping Transform) async throws -> Outcome {
        let selected = try await ClusterGuest.selected(in: clusters, filter: filter, selection: selection)
        let guests = selected.guests, missing = selected.missing
        if !missing.isEmpty {
            write("warning: not found or not selected by sync.include/sync.exclude: \(missing.map(\.description).joined(separator: ","))\n")
        }
        var outcome = Outcome(checked: guests.count)
        for cluster in selected.failedClusters {
            // Its guests are left as they are; the other clusters' are done.
            let name = cluster.name.map { "cluster \($0.text)" } ?? "the cluster"
            let problem = SecretRedactor.shared.redact(TerminalText.escaped(cluster.problem))
            write("\(name): failed: \(problem)\n")
            if failOnUnreadableCluster { outcome.failures.append("\(name): \(problem)") }
        }
        for (index, guest) in guests.enumerated() {
            progress(index, guests.count, guest.label)
            if stopsWhenCancelled && Task.isCancelled {
                outcome.wasCancelled = true
                return outcome
            }
            let label = guest.label
            do {
                let dryRun = self.dryRun, audit = self.audit, verb = self.verb
                let key = guest.key
                let rewrite = { @Sendable (text: String) throws -> (text: String, outcome: Counts) in
                    let migration = try transform(text, key)
                    if !dryRun, migration.encryptedEntries + migration.reboundEntries > 0 {
                        // Intent before the notes are written (again on a digest retry).
                        audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)",
                                                       fields: ["encrypted_password"], result: "intent"))
                    }
                    return (migration.text, Counts(count: migration.encryptedEntries, rebound: migration.reboundEntries))
                }
                let rewriter = GuestNotesRewriter(client: guest.client)
                // The menus' Esc must not cut a write off halfway: it finishes, the next guest does not start.
                let counts = stopsWhenCancelled
                    ? try await uncancellable { try await rewriter.rewrite(guest.resource.reference, write: !dryRun, transform: rewrite) }
                    : try await rewriter.rewrite(guest.resource.reference, write: !dryRun, transform: rewrite)
                let count = counts.count, rebound = counts.rebound
                guard count + rebound > 0 else { continue }
                if !dryRun {
                    let message = "\(count + rebound) value(s)" + (rebound > 0 ? " (\(rebound) re-bound to cluster \(guest.cluster?.text ?? "-"))" : "")
                    audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)",
                                                   fields: ["encrypted_password"], result: "ok", message: message))
                }
                outcome.changed.append((guest, count, rebound))
                write("\(label): \(Self.describe(count: count, rebound: rebound, verb: verb, cluster: guest.cluster, dryRun: dryRun))\n")
            } catch {
                if !dryRun {
                    audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)", result: "failed",
                                                   message: SecretRedactor.shared.redact(Self.message(error))))
                }
                let problem = SecretRedactor.shared.redact(Self.message(error))
                outcome.failures.append("\(label): \(problem)")
                write("\(label): failed: \(problem)\n")
            }
        }
        progress(guests.count, guests.count, "done")
        if let failure = audit?.log?.failure {
            reportWarning(failure)
            outcome.failures.append(failure)
        }
        return outcome
    }

    /// `2 passwords encrypted`, `1 password encrypted, 2 re-bound to cluster prod`, `2 re-bound to cluster prod`.
    private static func describe(count: Int, rebound: Int, verb: String, cluster: ClusterName?, dryRun: Bool) -> String {
        let would = dryRun ? "would be " : ""
        var parts: [String] = []
        if count > 0 { parts.append("\(count) password\(count == 1 ? "" : "s") \(would)\(verb)") }
        if rebound > 0 {
            let what = count > 0 ? "\(rebound)" : "\(rebound) password\(rebound == 1 ? "" : "s")"
            parts.append("\(what) \(would)re-bound to cluster \(cluster?.text ?? "-")")
        }
        return parts.joined(separator: ", ")
    }

    /// What one guest's transform did.
    struct Counts: Sendable {
        var count: Int
        var rebound: Int
    }

    private static func message(_ error: any Error) -> String {
        TerminalText.escaped(OneLine.make(String(describing: error)))
    }
}
