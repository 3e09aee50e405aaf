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
        With encryption.legacyPassphraseFile set, legacy Proxmox-Guacamole-Sync Fernet values (gAAAA…, Z0FBQUFB…) are re-encrypted as v2 too, where the state last saw them. Prints per guest how many passwords changed, never the values. Exit codes: 0 done, 3 some guests failed, \
        1 fatal error.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Show what would change, write nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Only these VM ids (comma-separated or repeated).", valueName: "N,..."))
    var vmid: [String] = []

    func validate() throws {
        _ = try VMIDList.parse(vmid)
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let engine = try globals.syncEngine(command: "encrypt-notes")
            let config = engine.config
            let status = try await NotesEncryption(config: config, engine: engine, vmids: try VMIDList.parse(vmid), dryRun: dryRun).run()
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }
}

/// `--vmid 100,101 --vmid 102` as a set of VM ids; nil when none was given.
enum VMIDList {
    static func parse(_ values: [String]) throws(ValidationError) -> Set<Int>? {
        guard !values.isEmpty else { return nil }
        var result = Set<Int>()
        for part in values.flatMap({ $0.split(separator: ",") }) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let id = Int(text), id > 0 else {
                throw ValidationError("--vmid '\(text)' is not a VM id: give numbers separated by commas, e.g. --vmid 100,101")
            }
            result.insert(id)
        }
        return result
    }
}
