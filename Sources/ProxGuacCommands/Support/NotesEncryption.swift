import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// What `encrypt-notes`, `auto --encrypt-notes` and `add --encrypt-notes` share: encrypt the plain
/// passwords of the selected guests' notes (digest-protected, see ``NotesMigrationRunner``) and, when a
/// legacy passphrase is configured, upgrade Proxmox-Guacamole-Sync Fernet values to bound `v2`.
struct NotesEncryption {
    var config: ProxGuacConfig
    var engine: SyncEngine
    /// Only these guests (still within `sync.filter`); nil for all.
    var selection: GuestSelection?
    var dryRun = false
    /// See ``NotesMigrationRunner/failOnUnreadableCluster``.
    var failOnUnreadableCluster = true
    var write: (String) -> Void = { print($0, terminator: "") }

    /// Runs the migration on every configured cluster's selected guests; returns 0, or 3 when some guests failed.
    func run() async throws -> Int32 {
        let (runner, transform) = try prepared()
        return try await runner.run(transform)
    }

    /// The runner (audit log opened, its problems written) and the transform `run()` uses; the menus run them too.
    /// - Throws: ``CryptoError/keyNeededToEncrypt`` when some cluster has no key to seal with.
    func prepared() throws -> (runner: NotesMigrationRunner, transform: NotesMigrationRunner.Transform) {
        let rebinding = try Self.sealing(config, sightings: (try? engine.loadState())?.ciphertexts ?? CiphertextSightings())
        var problems: [String] = []
        var runner = NotesMigrationRunner(clusters: engine.clusters, filter: config.sync.filter, selection: selection, dryRun: dryRun,
                                          verb: "encrypted", write: write)
        runner.audit = (engine.openAuditLog(problems: &problems), "encrypt-notes")
        runner.failOnUnreadableCluster = failOnUnreadableCluster
        problems.forEach { write("warning: \($0)\n") }
        return (runner, Self.transform(rebinding, upgradeLegacy: config.encryption.legacyPassphraseOrigin != nil))
    }

    /// Every cluster's key ring, each able to seal new values.
    /// - Throws: ``CryptoError/noKeyConfigured``, a key that cannot be loaded, or ``CryptoError/keyNeededToEncrypt``
    ///   when only a legacy passphrase is configured (it reads the original's values; writing new ones needs a key).
    static func sealing(_ config: ProxGuacConfig, sightings: CiphertextSightings) throws(CryptoError) -> CiphertextRebinding {
        let rebinding = try CiphertextRebinding(config: config, sightings: sightings)
        guard rebinding.ciphers.values.allSatisfy({ $0.current != nil }) else { throw .keyNeededToEncrypt }
        return rebinding
    }

    /// Plain passwords to `encrypted_password:"v2:…"` bound to the guest (its cluster too, when named) and the entry's
    /// user; unbound `v1` values the state saw here (or never saw) bound too; with `upgradeLegacy` also legacy Fernet
    /// values (`gAAAA…`, `Z0FBQUFB…`) where the state last saw them re-encrypted as bound `v2`. The count covers all.
    /// A `v1` value that cannot be bound here (another key, or seen elsewhere) stays as it is: sync reports it.
    /// `v2` values still bound to a former name of the guest's cluster (a rename, `previousNames`; or no cluster, from
    /// before it was named) are bound to its current name, counted apart (`reboundEntries`); one that does not open
    /// stays as it is (sync reports it).
    static func transform(_ rebinding: CiphertextRebinding, upgradeLegacy: Bool) -> NotesMigrationRunner.Transform {
        { text, guest in
            let encrypted = try NotesRewriter.encryptPasswords(in: text) { password, user in
                try rebinding.encrypt(password, guest: guest, user: user)
            }
            var rebound = 0
            let upgraded = try NotesRewriter.reencryptPasswords(in: encrypted.text) { value, user in
                if LegacyFernet.isLegacyToken(value) {
                    return upgradeLegacy ? try rebinding.rebind(value, guest: guest, user: user) : value
                }
                guard !PasswordCipher.isBound(value) else {
                    guard let renamed = try? rebinding.rebindingFormerCluster(value, guest: guest, user: user) else { return value }
                    rebound += 1
                    return renamed
                }
                return (try? rebinding.rebind(value, guest: guest, user: user)) ?? value
            }
            return NotesRewriter.Migration(text: upgraded.text,
                                           encryptedEntries: encrypted.encryptedEntries + upgraded.encryptedEntries - rebound,
                                           reboundEntries: rebound)
        }
    }

    /// How many entries in `notes` still have a plain password.
    static func plainPasswordCount(in notes: String) -> Int {
        NotesParser.parse(notes).entries.filter { if case .plain = $0.password { true } else { false } }.count
    }

    /// How many `encrypted_password` values in the run's notes are legacy Fernet tokens.
    static func legacyValueCount(in run: SyncRun) -> Int {
        run.guests.map { guest in
            guest.parsedNotes.entries.filter {
                if case .encrypted(let token) = $0.password { LegacyFernet.isLegacyToken(token) } else { false }
            }.count
        }.reduce(0, +)
    }

    /// The one-line hint `auto` and `list` print when legacy values exist; nil when there are none.
    /// It asks only for what is missing: the passphrase to read them, or the key to write them as v1.
    static func legacyHint(for run: SyncRun, encryption: EncryptionConfig) -> String? {
        let count = legacyValueCount(in: run)
        guard count > 0 else { return nil }
        let values = "\(count) password\(count == 1 ? "" : "s") in the notes still use the old Fernet format"
        switch (encryption.legacyPassphraseOrigin != nil, encryption.keyOrigin != nil) {
        case (false, _):
            return values + ": set encryption.legacyPassphraseFile (the old config's ENCRYPTION_KEY) to read them"
        case (true, false):
            return values + " (read with encryption.legacyPassphraseFile): to re-encrypt them as v2, set "
                + "encryption.keyFile (`proxguac keygen --output FILE`) and run `proxguac encrypt-notes`"
        case (true, true):
            return values + ": `proxguac encrypt-notes` upgrades them to v2"
        }
    }
}
