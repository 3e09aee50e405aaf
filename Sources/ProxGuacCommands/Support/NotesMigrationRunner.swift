import ProxGuacCore
import ProxGuacHTTP
import ProxGuacSync

/// What `encrypt-notes` and `rekey` share: for each selected guest of every configured cluster, rewrite its notes
/// with a pure transform (digest-protected, see ``GuestNotesRewriter``), print what changed (counts, never
/// values) and decide the exit code (0, or 3 when some guests failed).
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

    /// Runs the transform (notes text, the guest) on every selected guest; returns the exit code.
    func run(_ transform: (String, GuestKey) throws -> NotesRewriter.Migration) async throws -> Int32 {
        let selected = try await ClusterGuest.selected(in: clusters, filter: filter, selection: selection)
        let guests = selected.guests, missing = selected.missing
        if !missing.isEmpty {
            write("warning: not found or not selected by sync.include/sync.exclude: \(missing.map(\.description).joined(separator: ","))\n")
        }
        var changedGuests = 0, changedValues = 0, failed = failOnUnreadableCluster ? selected.failedClusters.count : 0
        for cluster in selected.failedClusters {
            // Its guests are left as they are; the other clusters' are done.
            write("\(cluster.name.map { "cluster \($0.text)" } ?? "the cluster"): failed: \(SecretRedactor.shared.redact(TerminalText.escaped(cluster.problem)))\n")
        }
        for guest in guests {
            let label = guest.label
            do {
                let dryRun = self.dryRun, audit = self.audit, verb = self.verb
                let count = try await GuestNotesRewriter(client: guest.client).rewrite(guest.resource.reference, write: !dryRun) { text in
                    let migration = try transform(text, guest.key)
                    if !dryRun, migration.encryptedEntries > 0 {
                        // Intent before the notes are written (again on a digest retry).
                        audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)",
                                                       fields: ["encrypted_password"], result: "intent"))
                    }
                    return (migration.text, migration.encryptedEntries)
                }
                guard count > 0 else { continue }
                if !dryRun {
                    audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)",
                                                   fields: ["encrypted_password"], result: "ok", message: "\(count) value(s)"))
                }
                changedGuests += 1
                changedValues += count
                let would = dryRun ? "would be " : ""
                write("\(label): \(count) password\(count == 1 ? "" : "s") \(would)\(verb)\n")
            } catch {
                failed += 1
                if !dryRun {
                    audit?.log?.append(AuditRecord(action: audit?.action ?? verb, target: "guest \(label)", result: "failed",
                                                   message: SecretRedactor.shared.redact(Self.message(error))))
                }
                write("\(label): failed: \(SecretRedactor.shared.redact(Self.message(error)))\n")
            }
        }
        if let failure = audit?.log?.failure {
            reportWarning(failure)
            failed += 1
        }
        let summary = dryRun ? "Dry run, nothing written" : "Done"
        write("\(summary): \(changedValues) password(s) in \(changedGuests) of \(guests.count) guest(s) \(verb), \(failed) failed.\n")
        return failed == 0 ? ExitStatus.success : ExitStatus.partialFailure
    }

    private static func message(_ error: any Error) -> String {
        TerminalText.escaped(OneLine.make(String(describing: error)))
    }
}
