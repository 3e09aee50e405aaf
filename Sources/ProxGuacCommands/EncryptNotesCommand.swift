import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// `proxguac encrypt-notes`: replaces plain `pass:`/`password:` values in guest notes with `encrypted_password`.
struct EncryptNotesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt-notes",
        abstract: "Encrypt the plain passwords in the guests' notes with the configured key.",
        discussion: """
        For each guest selected by sync.include/sync.exclude (and --vmid), replaces every pass:/password: value with \
        encrypted_password:"v2:…" (bound to the guest and the entry's user) in place; every other byte of the notes stays as it was. Each write carries \
        the config digest: an edit made meanwhile is re-read and the change re-applied, never overwritten. \
        Values still bound to a former name of the guest's cluster (previousNames, a rename) are re-bound to its current name in the same write. \
        With encryption.legacyPassphraseFile set, legacy Proxmox-Guacamole-Sync Fernet values (gAAAA…, Z0FBQUFB…) are re-encrypted as v2 too, where the state last saw them. Prints per guest how many passwords changed, never the values. Exit codes: 0 done, 3 some guests failed, \
        1 fatal error.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Show what would change, write nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Only these guests (comma-separated or repeated VM ids; cluster/VM id for a named cluster's guest, e.g. lab/101).", valueName: "N,..."))
    var vmid: [String] = []

    func validate() throws {
        _ = try GuestSelection.parse(vmid, option: "--vmid")
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let engine = try globals.syncEngine(command: "encrypt-notes", namedClusters: true)
            let config = engine.config
            let selection = try GuestSelection.parse(vmid, option: "--vmid")
            let status = try await NotesEncryption(config: config, engine: engine, selection: selection, dryRun: dryRun).run()
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }
}
