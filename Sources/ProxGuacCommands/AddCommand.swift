import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync
import ProxGuacTUI

/// `proxguac add --vmid 101,102`: sync only these guests' connections (what the menus' "Add guests" does).
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create or update the connections of some guests only, after showing the plan.",
        discussion: """
        Plans the sync for the credential entries of the guests named by --vmid (creates and updates; other \
        guests' connections are never touched), prints the plan and applies it with --yes, or after a y/N \
        question on a terminal. Without --yes and without a terminal it exits 2 and changes nothing. \
        --encrypt-notes first encrypts the plain passwords in these guests' notes (on a terminal it is offered). \
        --user, --protocols and --password-file first write a credential entry into these guests' notes (encrypted \
        when encryption.keyFile is set; written with the config digest, so a concurrent edit is never lost), for guests \
        that have no entry for that user yet. \
        Exit codes: 0 done, 2 bad usage or unknown guest or no --yes, 3 some actions failed, 1 fatal, 4 locked.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The guests (comma-separated or repeated; cluster/N for a named cluster's guest).", valueName: "N,..."))
    var vmid: [String] = []

    @Flag(name: .long, help: "Apply without asking.")
    var yes = false

    @Flag(name: .long, help: "Plan and print, change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text (needs --yes or --dry-run).")
    var json = false

    @Flag(name: .long, help: "First encrypt the plain passwords in these guests' notes.")
    var encryptNotes = false

    @Option(name: .long, help: ArgumentHelp("Write an entry for this user into the guests' notes first.", valueName: "NAME"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Protocols of the entry written by --user (comma-separated).", valueName: "rdp,vnc,ssh"))
    var protocols: String?

    @Option(name: .long, help: ArgumentHelp("File holding the password of the entry written by --user (never on the command line).", valueName: "FILE"),
            completion: .file())
    var passwordFile: String?

    func validate() throws {
        guard try GuestSelection.parse(vmid, option: "--vmid") != nil else { throw ValidationError("name the guests with --vmid, e.g. --vmid 101,102") }
        if json && !yes && !dryRun { throw ValidationError("--json needs --yes or --dry-run (no question can be asked)") }
        let entryOptions = [user, protocols, passwordFile].compactMap { $0 }.count
        if entryOptions != 0 && entryOptions != 3 {
            throw ValidationError("--user, --protocols and --password-file go together: give all three to write an entry")
        }
        if let protocols, Self.protocolList(protocols) == nil {
            throw ValidationError("--protocols takes a comma-separated list of rdp, vnc and ssh, e.g. --protocols rdp,ssh")
        }
    }

    static func protocolList(_ text: String) -> [GuestProtocol]? {
        var result: [GuestProtocol] = []
        for item in text.split(separator: ",") {
            guard let proto = GuestProtocol(notesName: String(item)) else { return nil }
            if !result.contains(proto) { result.append(proto) }
        }
        return result.isEmpty ? nil : result
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let engine = try globals.syncEngine(command: "add", namedClusters: true)
            let selection = try GuestSelection.parse(vmid, option: "--vmid") ?? GuestSelection(written: [])
            var runner = SyncRunner(dryRun: dryRun, json: json)
            runner.prepare = {
                try await writeEntryIfAsked(engine: engine, selection: selection)
                try await encryptIfWanted(engine: engine, selection: selection)
            }
            // A dry run does not write the entry, so a guest that would get one has no row yet.
            let allowEmpty = dryRun && user != nil
            runner.scope = { (run: SyncRun) throws -> ScopedPlan in try Self.scope(run, selection: selection, allowEmpty: allowEmpty) }
            let retry = "proxguac add --vmid \(selection.written.map(\.description).joined(separator: ",")) --yes"
            let yes = self.yes
            runner.confirm = { (plan: Plan) throws -> Bool in
                try Consent.confirm("Apply these \(plan.actions.count) changes?", yes: yes, retry: retry)
            }
            let outcome = try await engine.loggingOutOnTermination { try await runner.run(engine) }
            if outcome.exitCode != ExitStatus.success { throw ExitCode(outcome.exitCode) }
        }
    }

    /// `--user/--protocols/--password-file`: appends the entry to each guest's notes, with the config digest.
    private func writeEntryIfAsked(engine: SyncEngine, selection: GuestSelection) async throws {
        guard let user, let protocols, let passwordFile, let list = Self.protocolList(protocols) else { return }
        guard var bytes = FileManager.default.contents(atPath: passwordFile).map({ [UInt8]($0) }) else {
            throw CommandFailure.usage("cannot read the password file \(passwordFile): check the path and its permissions")
        }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        let plain = Secret(String(decoding: bytes, as: UTF8.self))
        guard !plain.value.isEmpty else { throw CommandFailure.usage("the password file \(passwordFile) is empty: put the password in it") }
        let written = try await NotesEntryWriter(engine: engine).write(user: user, password: plain, protocols: list,
                                                                       selection: selection, dryRun: dryRun)
        let say = json ? { StandardError.write($0) } : { print($0, terminator: "") }
        for guest in written {
            let how = guest.encrypted ? "encrypted" : "plain; set encryption.keyFile to write it encrypted"
            say("\(dryRun ? "would write" : "wrote") an entry for \(user) (\(list.map(\.rawValue).joined(separator: ","))) into the notes of guest \(guest.guest), password \(how)\n")
        }
    }

    /// Runs the notes encryption for these guests when ``shouldEncrypt(engine:selection:)`` says so.
    private func encryptIfWanted(engine: SyncEngine, selection: GuestSelection) async throws {
        guard try await shouldEncrypt(engine: engine, selection: selection) else { return }
        var encryption = NotesEncryption(config: engine.config, engine: engine, selection: selection, dryRun: dryRun)
        if json { encryption.write = { StandardError.write($0) } }
        if try await encryption.run() != ExitStatus.success {
            throw CommandFailure.partial("some notes could not be encrypted; nothing was synced")
        }
    }

    /// `--encrypt-notes`, or on a terminal the user's answer when these guests' notes hold plain passwords.
    private func shouldEncrypt(engine: SyncEngine, selection: GuestSelection) async throws -> Bool {
        if encryptNotes { return true }
        let config = engine.config
        guard !dryRun, !yes, TerminalUI.isInteractive,
              config.clusters.allSatisfy({ config.encryption(for: $0.name).keyOrigin != nil }) else { return false }
        var plain = 0
        for guest in try await ClusterGuest.selected(in: engine.clusters, filter: config.sync.filter, selection: selection).guests {
            plain += NotesEncryption.plainPasswordCount(in: try await guest.client.config(of: guest.resource.reference).description ?? "")
        }
        guard plain > 0 else { return false }
        return Consent.ask("\(plain) plain password\(plain == 1 ? "" : "s") in these guests' notes: encrypt them now?")
    }

    /// The plan cut to these guests; an unknown guest or one without credential entries is a usage error.
    static func scope(_ run: SyncRun, selection: GuestSelection, allowEmpty: Bool = false) throws(CommandFailure) -> ScopedPlan {
        let names = Dictionary(run.guests.map { ($0.facts.key, $0.facts.name) }, uniquingKeysWith: { first, _ in first })
        let guests = try selection.resolve(among: Set(names.keys), option: "--vmid")
        let unknown = guests.filter { names[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            throw .usage("guest \(unknown.map(\.description).joined(separator: ", ")) not found (or left out by sync.include/sync.exclude): check the id with `proxguac list` or the Proxmox VE web UI")
        }
        let withRows = Set(run.plan.rows.compactMap(\.identity.source.guest))
        let empty = guests.subtracting(withRows).sorted()
        guard empty.isEmpty || allowEmpty else {
            let list = empty.map { "\($0) (\(names[$0] ?? "?"))" }.joined(separator: ", ")
            throw .usage("guest \(list) has no credential entries in its notes: add one, e.g. user:\"admin\" pass:\"...\" protos:\"ssh\";")
        }
        return ScopedPlan(run.plan, sources: Set(guests.map { ConnectionSource.proxmox(cluster: $0.cluster, vmid: $0.vmid) }))
    }
}
