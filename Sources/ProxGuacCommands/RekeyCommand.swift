import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// `proxguac rekey`: re-encrypts every `encrypted_password` in the guests' notes with a new key.
struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-encrypt every encrypted_password in the guests' notes (new key, bound to guest and user).",
        discussion: """
        Values made with any loaded key (encryption.keyFile, previousKeyFiles) or legacy Fernet tokens \
        (legacyPassphraseFile) are decrypted and sealed again with the key in --new-key (make one with \
        `proxguac keygen --output FILE`). Writes are digest-protected like encrypt-notes. Afterwards point \
        encryption.keyFile at the new file and keep the old one in previousKeyFiles until every run uses the \
        new config. Every value is written as v2, bound to its guest (and its cluster, when named) and the entry's user; \
        values bound to a cluster's former name (or to no cluster, from before it was named) are bound to its name. A value \
        copied from another guest (clone, template, pasted line) is refused (that guest fails) unless you name the guest with \
        --vmid N --accept-copied after checking it. Exit codes: 0 done, 3 some guests failed, 1 fatal error.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The new key file (from proxguac keygen); default: the configured key (only rebinds).", valueName: "file"), completion: .file())
    var newKey: String?

    @Option(name: .long, help: ArgumentHelp("Only these guests (comma-separated VM ids; cluster/VM id for a named cluster's guest, e.g. lab/101).", valueName: "vmid"))
    var vmid: [String] = []

    @Flag(name: .long, help: "Re-bind values copied from another guest (clones, templates) to the --vmid guests, after you checked them.")
    var acceptCopied = false

    @Flag(name: .long, help: "Show what would change, write nothing.")
    var dryRun = false

    func validate() throws {
        _ = try GuestSelection.parse(vmid, option: "--vmid")
        if acceptCopied && vmid.isEmpty {
            throw ValidationError("--accept-copied needs --vmid N: name the guests whose copied values you checked")
        }
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let key = try newKey.map { file throws(CryptoError) in try EncryptionKey.load(file: file) }
            let selection = try GuestSelection.parse(vmid, option: "--vmid")
            let engine = try SyncEngine(config: config, logger: logger)
            OpenSessions.register(engine.guacamole)
            var rebinding = try CiphertextRebinding(config: config, sightings: try engine.loadState().ciphertexts, newKey: key)
            var problems: [String] = []
            var runner = NotesMigrationRunner(
                clusters: engine.clusters, filter: config.sync.filter, selection: selection, dryRun: dryRun, verb: "re-encrypted")
            runner.audit = (engine.openAuditLog(problems: &problems), acceptCopied ? "rekey --accept-copied" : "rekey")
            problems.forEach { reportWarning($0) }
            if acceptCopied, let selection {
                // The guests as written; a plain id names the only guest of that id (several clusters: refused).
                let known = try await ClusterGuest.selected(in: engine.clusters, filter: config.sync.filter, selection: selection)
                rebinding.acceptCopiedIn = Set(known.guests.map(\.key))  // a failed cluster named here stopped the command
            }
            let rebinder = rebinding
            let status = try await runner.run { text, guest in
                try NotesRewriter.reencryptPasswords(in: text) { value, user in try rebinder.rebind(value, guest: guest, user: user) }
            }
            if !dryRun, let newKey, let key {
                print("""
                Next: set encryption.keyFile to \(newKey) (key id \(key.id)) and move the old key file into \
                encryption.previousKeyFiles; keep it there until every guest was rekeyed and every run uses the new config.
                """)
            }
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }
}
