import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync
import ProxGuacTUI

/// The menus' "Encrypt passwords in notes" and the offer after Add, over the real Proxmox VE notes of every
/// configured cluster: exactly `proxguac encrypt-notes` (``NotesEncryption``: each guest's key, values bound to its
/// cluster name, digest-protected writes, audit records), reporting counts to the screens instead of printing.
struct LiveNotesEncryption: Sendable {
    let engine: SyncEngine

    /// Counts the plain passwords in the notes of the guests selected by `sync.filter` (and `guests`, every cluster's
    /// when nil). A cluster that cannot be read is one failure line; naming one of its guests throws (one line).
    func preview(_ guests: [GuestKey]?) async throws -> NotesEncryptionPreview {
        var runner = NotesMigrationRunner(clusters: engine.clusters, filter: engine.config.sync.filter,
                                          selection: guests.map { GuestSelection(written: $0) }, dryRun: true,
                                          verb: "counted", write: { _ in })
        runner.stopsWhenCancelled = true
        let outcome = try await runner.migrate { text, _ in
            NotesRewriter.Migration(text: text, encryptedEntries: NotesEncryption.plainPasswordCount(in: text))
        }
        try Task.checkCancellation()
        var blocker: String?
        do {
            _ = try NotesEncryption.sealing(engine.config, sightings: CiphertextSightings())
        } catch {
            blocker = error.description
        }
        let found = outcome.changed.map { changed in
            PlainPasswordGuest(vmid: changed.guest.resource.vmid, cluster: changed.guest.cluster,
                               name: TerminalText.escaped(changed.guest.resource.name ?? String(changed.guest.resource.vmid)),
                               plainPasswords: changed.count)
        }
        return NotesEncryptionPreview(guests: found, guestsChecked: outcome.checked, blocker: blocker, failures: outcome.failures)
    }

    /// Encrypts the plain passwords in the notes of `guests` (within `sync.filter`), one guest at a time, as
    /// `encrypt-notes --vmid …` does; Esc stops before the next guest.
    func encrypt(_ guests: [GuestKey], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> NotesEncryptionSummary {
        var problems: [String] = []
        var encryption = NotesEncryption(config: engine.config, engine: engine, selection: GuestSelection(written: guests))
        encryption.write = { line in
            if line.hasPrefix("warning: ") { problems.append(String(line.dropFirst("warning: ".count).dropLast())) }
        }
        var (runner, transform) = try encryption.prepared()
        runner.stopsWhenCancelled = true
        runner.progress = { done, total, label in
            progress(ApplyProgress(completed: done, total: total, current: done == total ? "done" : "encrypting \(label)"))
        }
        let outcome = try await runner.migrate(transform)
        var summary = NotesEncryptionSummary(encryptedPasswords: outcome.changedValues + outcome.reboundValues,
                                             guestsChanged: outcome.changed.count,
                                             failures: problems + outcome.failures, wasCancelled: outcome.wasCancelled)
        summary.failures = summary.failures.map { SecretRedactor.shared.redact($0) }
        return summary
    }
}
