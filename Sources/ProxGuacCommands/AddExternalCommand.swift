import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// `proxguac add-external`: a host outside Proxmox, added to the config's `external` list and synced.
struct AddExternalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-external",
        abstract: "Add a host outside Proxmox to the config's external list and create its connections.",
        discussion: """
        Appends {name, host, protocols, username, port, group} to `external` in the config file (atomically, \
        keeping its permissions) and syncs just that host under sync.rootGroup/<group or name>. The password \
        never goes into the config in plain text: --password-file stores the file's path (passwordFile); \
        --password-stdin needs encryption.keyFile and stores the password encrypted (encryptedPassword). \
        A name already in `external` is refused (exit 2) and the config is left as it was. From then on \
        `auto` keeps the host in sync like a guest; remove the entry from the config to delete its connections.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: "Unique name (the {vmname} of templates and the default group).")
    var name: String

    @Option(name: .long, help: "Host name or address.")
    var host: String

    @Option(name: .long, help: ArgumentHelp("rdp, vnc and/or ssh, comma-separated.", valueName: "list"))
    var protocols: String

    @Option(name: .long, help: "The login user.")
    var username: String

    @Option(name: .long, help: "Port for every protocol (default: each protocol's).")
    var port: Int?

    @Option(name: .long, help: "Group under sync.rootGroup (default: the name).")
    var group: String?

    @Option(name: .long, help: ArgumentHelp("File holding the password (its path is stored, mode 0600 recommended).", valueName: "file"),
            completion: .file())
    var passwordFile: String?

    @Flag(name: .long, help: "Read the password from stdin and store it encrypted (needs encryption.keyFile).")
    var passwordStdin = false

    @Flag(name: .long, help: "Show the entry and the plan, write nothing.")
    var dryRun = false

    func validate() throws {
        for (flag, value) in [("--name", name), ("--host", host), ("--username", username)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("\(flag) must not be empty")
        }
        _ = try parsedProtocols()
        if let port, !(1...65535).contains(port) { throw ValidationError("--port \(port) is not a port: use 1-65535") }
        guard (passwordFile == nil) != !passwordStdin else {
            throw ValidationError("give the password with either --password-file FILE or --password-stdin")
        }
    }

    private func parsedProtocols() throws(ValidationError) -> [GuestProtocol] {
        var result: [GuestProtocol] = []
        for part in protocols.split(separator: ",") {
            guard let proto = GuestProtocol(notesName: String(part)) else {
                throw ValidationError("--protocols '\(part)' is not a protocol: use rdp, vnc and/or ssh, e.g. --protocols ssh,rdp")
            }
            if !result.contains(proto) { result.append(proto) }
        }
        guard !result.isEmpty else { throw ValidationError("--protocols is empty: e.g. --protocols ssh,rdp") }
        return result
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let logger = try bootstrapLogging(globals)
            let loaded = try globals.loadConfig()
            guard !loaded.config.external.contains(where: { $0.name == name }) else {
                throw CommandFailure.usage("an external host named \"\(name)\" is already in \(loaded.path): choose another --name, or edit that entry")
            }
            let editor = ConfigFileEditor(path: loaded.path)
            let (root, mode) = try editor.read()
            let updatedRoot = ConfigFileEditor.appendingExternal(try entry(config: loaded.config), to: root)
            let change = ExternalHostChange(editor: editor, root: updatedRoot, mode: mode, name: name, dryRun: dryRun)
            let status = try await change.run(action: "Added to", logger: logger)
            if status != ExitStatus.success { throw ExitCode(status) }
        }
    }

    /// The config entry; the password as a file path or encrypted, never in plain text.
    private func entry(config: ProxGuacConfig) throws -> JSONValue {
        var members = [
            JSONMember("name", .string(name)),
            JSONMember("host", .string(host)),
            JSONMember("protocols", .array(try parsedProtocols().map { .string($0.rawValue) })),
            JSONMember("username", .string(username)),
        ]
        if let port { members.append(JSONMember("port", .integer(port))) }
        if let group { members.append(JSONMember("group", .string(group))) }
        if let passwordFile {
            let absolute = passwordFile.hasPrefix("/") ? passwordFile : FileManager.default.currentDirectoryPath + "/" + passwordFile
            members.append(JSONMember("passwordFile", .string(absolute)))
        } else {
            guard config.encryption.keyOrigin != nil else {
                throw CommandFailure.usage("--password-stdin stores the password encrypted, but no key is configured: set encryption.keyFile (make one with `proxguac keygen`), or use --password-file FILE")
            }
            let cipher = try PasswordCipher.load(config.encryption)
            var password = readLine(strippingNewline: true) ?? ""
            defer { password = "" }
            guard !password.isEmpty else { throw CommandFailure.usage("--password-stdin read an empty password: pipe it in, e.g. `printf %s \"$PW\" | proxguac add-external ...`") }
            members.append(JSONMember("encryptedPassword", .string(try cipher.encrypt(Secret(password)))))
        }
        return .object(members)
    }
}
