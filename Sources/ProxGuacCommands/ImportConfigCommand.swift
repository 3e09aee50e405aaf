import ArgumentParser
import Foundation
import ProxGuacCore

/// `proxguac import-config FILE`: read Proxmox-Guacamole-Sync's `config.py` (literals only, never executed)
/// and write a proxguac config, with the secrets in 0600 files beside it.
struct ImportConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-config",
        abstract: "Turn Proxmox-Guacamole-Sync's config.py into a proxguac config (secrets in 0600 files beside it).",
        discussion: """
            Reads the NAME = value assignments of FILE as Python literals (strings, numbers, booleans, None, lists, \
            dicts) without running it. Writes the config to --output (mode 0600) and PROXMOX_SECRET, GUAC_PASSWORD and \
            ENCRYPTION_KEY into proxmox-token, guacamole-password and legacy-passphrase in the same directory (mode 0600); \
            the config names those files and sets the proxmox-guacamole-sync preset. Then prints, one line each, what \
            it could not carry over. Existing files are never replaced without --force. No secret is printed.
            """
    )

    @Argument(help: ArgumentHelp("Proxmox-Guacamole-Sync's config.py.", valueName: "FILE"), completion: .file())
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the proxguac config.", valueName: "FILE"))
    var output = "config.json"

    @Flag(help: "Replace existing files.")
    var force = false

    func run() async throws {
        try await withErrorReporting {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure.usage("cannot read '\(file)': give the path of Proxmox-Guacamole-Sync's config.py")
            }
            guard let source = String(data: data, encoding: .utf8) else {
                throw CommandFailure.usage("'\(file)' is not UTF-8 text: give the config.py of Proxmox-Guacamole-Sync")
            }
            let outputPath = Self.absolute(output)
            let directory = (outputPath as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure.usage("directory \(directory) does not exist: create it first, or choose another --output")
            }
            let imported = LegacyConfigImport(source: source, directory: directory)
            let targets = [outputPath] + imported.secretFiles.map { directory + "/" + $0.fileName }
            if !force, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0) }) {
                throw CommandFailure.usage("\(existing) already exists: choose another --output, or pass --force to replace it")
            }
            var written: [String] = []
            do {
                for secret in imported.secretFiles {
                    let path = directory + "/" + secret.fileName
                    try PrivateFile.write(secret.secret.value + "\n", to: path)
                    written.append(path)
                }
                try PrivateFile.write(JSONWriter.pretty(imported.config), to: outputPath)
                written.append(outputPath)
            } catch {
                written.forEach { unlink($0) }
                throw CommandFailure.usage("\(error): nothing was written")
            }
            print("Wrote \(outputPath) (mode 0600).")
            for secret in imported.secretFiles {
                print("Wrote \(directory)/\(secret.fileName) (mode 0600) for \(secret.configKey).")
            }
            if !imported.notCarried.isEmpty {
                print("Not carried over or worth a look (\(imported.notCarried.count)):")
                imported.notCarried.forEach { print("  - \($0)") }
            }
            print("Next: `proxguac --config \(outputPath) test-auth`, then `proxguac adopt --dry-run` (docs/operations.md, migration).")
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// Writes a file readable by its owner only: a temporary file created 0600 with O_EXCL, then renamed.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write \(path) (\(reason))" }
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        let temporary = path + ".proxguac-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        let bytes = Array(text.utf8)
        if failure == nil, bytes.withUnsafeBytes({ Foundation.write(fd, $0.baseAddress, $0.count) }) != bytes.count {
            failure = "short write"
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
    }
}
