import ArgumentParser
import ProxGuacCrypto

/// `proxguac keygen`: creates the AES-256 key that encrypts passwords in guest notes.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a new password encryption key file (mode 0600).",
        discussion: """
            Writes base64 of 32 random bytes and a newline to FILE, created with mode 0600 so it is never \
            readable by other users, and prints the key id. The key is never printed. An existing file is \
            only replaced with --force; keep the old key in encryption.previousKeyFiles so the passwords \
            encrypted with it stay readable.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the key.", valueName: "FILE"))
    var output: String = EncryptionSettings.defaultKeyFile

    @Flag(help: "Replace an existing key file.")
    var force = false

    func run() async throws {
        try await withErrorReporting {
            let key = try EncryptionKey.generate()
            try key.writeFile(output, overwrite: force)
            print("Wrote encryption key \(key.id) to \(output) (mode 0600).")
            print("Use it with \"encryption\": {\"keyFile\": \"\(output)\"} in config.json.")
        }
    }
}
