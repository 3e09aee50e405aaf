import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// `proxguac rekey`: re-encrypts every `encrypted_password` in the guests' notes with a new key.
struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-encrypt every encrypted_password in the guests' notes with a new key.",
        discussion: """
        Values made with any loaded key (encryption.keyFile, previousKeyFiles) or legacy Fernet tokens \
        (legacyPassphraseFile) are decrypted and sealed again with the key in --new-key (make one with \
        `proxguac keygen --output FILE`). Writes are digest-protected like encrypt-notes. Afterwards point \
        encryption.keyFile at the new file and keep the old one in previousKeyFiles until every run uses the \
        new config. Exit codes: 0 done, 3 some guests failed, 1 fatal error.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The new key file (from proxguac keygen).", valueName: "file"), completion: .file())
    var newKey: String

    @Flag(name: .long, help: "Show what would change, write nothing.")
    var dryRun = false

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let key = try EncryptionKey.load(file: newKey)
            let cipher = try PasswordCipher.load(config.encryption)
                .rotated(to: key)
            let engine = try SyncEngine(config: config, logger: logger)
            var problems: [String] = []
            var runner = NotesMigrationRunner(
                client: engine.proxmox, filter: config.sync.filter, vmids: nil, dryRun: dryRun, verb: "re-encrypted")
            runner.audit = (engine.openAuditLog(problems: &problems), "rekey")
            problems.forEach { reportWarning($0) }
            let status = try await runner.run { text in
                try NotesRewriter.reencryptPasswords(in: text) { try cipher.reencrypt($0) }
            }
            if !dryRun {
                print("""
                Next: set encryption.keyFile to \(newKey) (key id \(key.id)) and move the old key file into \
                encryption.previousKeyFiles; keep it there until every guest was rekeyed and every run uses the new config.
                """)
            }
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }
}
