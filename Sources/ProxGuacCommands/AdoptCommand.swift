import ArgumentParser
import ProxGuacCore
import ProxGuacSync

/// `proxguac adopt`: take over connections Proxmox-Guacamole-Sync (or a person) made, before the first sync.
struct AdoptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Take over existing connections that match a credential entry (run once, before the first auto).",
        discussion: """
        A connection matches when it is not managed yet, sits at ROOT or in a group named after the guest, is named \
        like the entry (its confName, or {user}@{vmname}-{proto}), and has the same protocol, hostname and port \
        (and username, when the connection has one). The hostname must be an address proxguac found for the \
        guest itself, never a notes host:. A name alone is never enough. With --connection ID, names which of \
        several connections carrying the same proxguac-id marker is the managed one. Adopted connections keep their parameters, gain the proxguac-id marker and \
        move into sync.rootGroup; the next `proxguac auto` files them under their guest's group.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Show what would be adopted; change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("When several connections carry the same proxguac-id (a copy made by hand), name the one proxguac manages; the others stay untouched copies.", valueName: "id"))
    var connection: String?

    func run() async throws {
        try await withErrorReporting {
            let engine = try globals.syncEngine()
            let config = engine.config
            let lock = try engine.lock()
            defer { lock.release() }
            let adoption = Adoption(engine: engine)
            if let connection {
                let identity = try await adoption.name(connection: connection)
                print("#\(connection) is now the managed connection of [\(identity)]; other connections with its marker are copies made by hand and are left alone.")
                return
            }
            if dryRun {
                let (_, result) = try await adoption.matches()
                result.notices.forEach { print("note: \(TerminalText.escaped($0))") }
                print("Would adopt \(result.matches.count) connection(s):")
                for match in result.matches { print("  \(TerminalText.escaped(Self.line(match)))") }
                return
            }
            let outcome = try await adoption.adopt()
            outcome.notices.forEach { print("note: \(TerminalText.escaped($0))") }
            print("Adopted \(outcome.adopted.count) connection(s) into \"\(config.sync.rootGroup)\":")
            for match in outcome.adopted { print("  \(TerminalText.escaped(Self.line(match)))") }
            if !outcome.failures.isEmpty {
                outcome.failures.forEach { print("  failed: \(TerminalText.escaped(OneLine.make("\($0)")))") }
                throw CommandFailure.partial("\(outcome.failures.count) connection(s) could not be adopted")
            }
        }
    }

    static func line(_ match: AdoptionMatcher.Match) -> String {
        "#\(match.connection.identifier) \(match.currentPath.appending(match.connection.name)) -> [\(match.desired.identity)]"
    }
}
