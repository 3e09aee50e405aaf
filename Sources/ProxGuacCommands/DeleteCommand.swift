import ArgumentParser
import ProxGuacCore
import ProxGuacSync

/// `proxguac delete --connection ID` / `--guest VMID`: delete managed connections (what the menus' "Delete" does).
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete managed connections by Guacamole id or by guest, after showing what goes.",
        discussion: """
        Only connections under sync.rootGroup can be deleted; any other id is refused (exit 2) and nothing \
        changes. A connection under sync.rootGroup that proxguac does not manage (no proxguac-id marker, no \
        state record, not where the notes would put it; `proxguac list` shows it as not managed) is refused \
        too, unless --force is given. The deleted connections' records are removed from the state file. A connection whose \
        credential entry is still in the guest's notes (or in the config's external list) is created again \
        by the next `proxguac auto`: remove the entry to keep it gone. Applies with --yes, or after a y/N \
        question on a terminal; without --yes and without a terminal it exits 2. Exit codes: 0 done, 2 bad \
        usage or refused id, 3 some deletions failed, 1 fatal, 4 locked.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Guacamole connection ids (comma-separated or repeated; `proxguac list --verbose` shows them).", valueName: "ID,..."))
    var connection: [String] = []

    @Option(name: .long, help: ArgumentHelp("Delete every managed connection of these guests (cluster/VMID for a named cluster's guest).", valueName: "VMID,..."))
    var guest: [String] = []

    @Flag(name: .long, help: "Delete without asking.")
    var yes = false

    @Flag(name: .long, help: "Show what would be deleted, change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Also delete connections named by --connection that sit under sync.rootGroup but are not managed by proxguac (an admin's own).")
    var force = false

    private var connectionIDs: [String] {
        connection.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        let guests = try GuestSelection.parse(guest, option: "--guest")
        guard connectionIDs.isEmpty != (guests == nil) else {
            throw ValidationError("name what to delete with either --connection ID[,ID] or --guest VMID[,VMID]")
        }
    }

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let engine = try globals.syncEngine(command: "delete", namedClusters: true)
            let config = engine.config
            let lock = try engine.lock()
            defer { lock.release() }
            let run = try await engine.plan(resolution: .report)
            let targets = try self.targets(in: run, rootGroup: config.sync.rootGroup)
            print(Self.describe(targets, in: run), terminator: "")
            guard !dryRun else { return }
            let retry = "proxguac delete " + (guest.isEmpty ? "--connection \(connectionIDs.joined(separator: ","))"
                                                             : "--guest \(guest.joined(separator: ","))") + " --yes"
            guard try Consent.confirm("Delete \(targets.count) connection\(targets.count == 1 ? "" : "s")?", yes: yes, retry: retry) else {
                print("Nothing changed.")
                return
            }
            let report = await engine.delete(targets.map { .connection($0.identifier) }, in: run)
            print("Deleted: \(report.deleted.count), \(report.failures.count) failed.")
            for failure in report.failures { print("  failed: \(TerminalText.escaped(OneLine.make("\(failure)")))") }
            if !report.failures.isEmpty || report.wasCancelled { throw ExitCode(ExitStatus.partialFailure) }
        }
    }

    /// The connections named on the command line; refuses (exit 2) ids outside the root group and guests
    /// without managed connections, before anything changes.
    private func targets(in run: SyncRun, rootGroup: String) throws(CommandFailure) -> [ObservedConnection] {
        let managed = run.guacamole.managedConnections(rootGroup: rootGroup)
        if let selection = try? GuestSelection.parse(guest, option: "--guest") {
            return try Self.connections(ofGuests: selection, managed: managed, run: run)
        }
        return try Self.connections(withIDs: connectionIDs, managed: managed, run: run, rootGroup: rootGroup, force: force)
    }

    /// By state/plan row, and by marker (which also finds duplicates).
    private static func connections(ofGuests selection: GuestSelection, managed: [ObservedConnection], run: SyncRun)
        throws(CommandFailure) -> [ObservedConnection]
    {
        var guestByID: [String: GuestKey] = [:]
        for row in run.plan.rows {
            if let id = row.guacIdentifier, let guest = row.identity.source.guest, guestByID[id] == nil { guestByID[id] = guest }
        }
        for connection in managed {
            if let guest = connection.markedIdentity?.source.guest, guestByID[connection.identifier] == nil { guestByID[connection.identifier] = guest }
        }
        let guests = try selection.resolve(among: Set(guestByID.values), option: "--guest")
        let found = managed.filter { connection in guestByID[connection.identifier].map { guests.contains($0) } ?? false }
        let empty = guests.subtracting(found.compactMap { guestByID[$0.identifier] }).sorted()
        guard empty.isEmpty else {
            throw .usage("guest \(empty.map(\.description).joined(separator: ", ")) has no managed connections: `proxguac list` shows what exists")
        }
        return found
    }

    // Loops rather than `map` with typed-throws closures: the Swift 6.3.1 optimizer crashed on this function.
    private static func connections(withIDs ids: [String], managed: [ObservedConnection], run: SyncRun, rootGroup: String,
                                    force: Bool) throws(CommandFailure) -> [ObservedConnection]
    {
        let unmanaged = Set(run.plan.unidentified.map(\.identifier))
        var found: [ObservedConnection] = []
        for id in ids {
            guard let connection = managed.first(where: { $0.identifier == id }) else {
                let exists = run.guacamole.connections.contains { $0.identifier == id }
                throw .usage(exists
                    ? "connection \(id) is not managed by proxguac (it is outside \"\(rootGroup)\"): delete it in the Guacamole web UI if you really mean to"
                    : "connection \(id) does not exist: `proxguac list --verbose` shows the ids of managed connections")
            }
            if unmanaged.contains(connection.identifier) && !force {
                throw .usage("connection \(id) \"\(connection.name)\" is under \"\(rootGroup)\" but not managed by proxguac "
                    + "(no proxguac-id marker, no state record): add --force to delete it anyway, or `proxguac adopt` to take it over")
            }
            found.append(connection)
        }
        return found
    }

    /// One line per connection, and which ones the next `auto` would create again.
    static func describe(_ targets: [ObservedConnection], in run: SyncRun) -> String {
        let rows = Dictionary(run.plan.rows.compactMap { row in row.guacIdentifier.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        let desired = Set(run.desired.map(\.identity))
        var lines = ["Delete connections (\(targets.count)):"]
        var recreated = 0
        for connection in targets {
            let row = rows[connection.identifier]
            var line = "  - #\(connection.identifier) " + (row.map { "\($0.path.appending($0.name)) [\($0.identity)]" } ?? connection.name)
            if let identity = row?.identity, desired.contains(identity) {
                line += " (still in the notes: the next `proxguac auto` recreates it)"
                recreated += 1
            }
            lines.append(line)
        }
        if recreated > 0 {
            lines.append("Note: \(recreated) of these \(recreated == 1 ? "is" : "are") still asked for by a credential entry; remove the entry from the notes (or the config's external list) to keep it gone.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
