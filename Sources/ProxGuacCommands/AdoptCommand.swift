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
        move into sync.rootGroup; the next `proxguac auto` files them under their guest's group. \
        Every connection at ROOT or in a group named after a guest that is not taken is listed with the reason \
        (closest guest, which field differs), and so are the groups at ROOT named after a guest that are left empty; \
        --remove-empty-groups removes exactly those groups. When the adopted connections carry \
        Proxmox-Guacamole-Sync's defaults, adopt proposes "sync": {"defaults": {"preset": "proxmox-guacamole-sync"}}.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Show what would be adopted; change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("When several connections carry the same proxguac-id (a copy made by hand), name the one proxguac manages; the others stay untouched copies.", valueName: "id"))
    var connection: String?

    @Flag(name: .long, help: "Also delete the empty groups at ROOT named after a guest that adopt lists (nothing else).")
    var removeEmptyGroups = false

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let engine = try globals.syncEngine(command: "adopt", namedClusters: true)
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
                let (run, result, observed) = try await adoption.survey()
                result.notices.forEach { print("note: \(TerminalText.escaped($0))") }
                print("Would adopt \(result.matches.count) connection(s):")
                for match in result.matches { print("  \(TerminalText.escaped(Self.line(match)))") }
                let leftovers = adoption.leftovers(run, result, observed: observed,
                                                   adopted: Set(result.matches.map(\.connection.identifier)))
                Self.report(leftovers, removed: nil, dryRun: true).forEach { print(TerminalText.escaped($0)) }
                return
            }
            let outcome = try await adoption.adopt(removeEmptyGroups: removeEmptyGroups)
            outcome.notices.forEach { print("note: \(TerminalText.escaped($0))") }
            print("Adopted \(outcome.adopted.count) connection(s) into \"\(config.sync.rootGroup)\":")
            for match in outcome.adopted { print("  \(TerminalText.escaped(Self.line(match)))") }
            Self.report(outcome.leftovers, removed: removeEmptyGroups ? outcome.removedGroups : nil, dryRun: false)
                .forEach { print(TerminalText.escaped($0)) }
            if !outcome.failures.isEmpty {
                outcome.failures.forEach { print("  failed: \(TerminalText.escaped(OneLine.make("\($0)")))") }
                throw CommandFailure.partial("\(outcome.failures.count) connection(s) could not be adopted")
            }
        }
    }

    /// The lines about what adopt leaves behind: unmatched connections, empty groups, the preset proposal.
    static func report(_ leftovers: AdoptionLeftovers, removed: [ObservedGroup]?, dryRun: Bool) -> [String] {
        var lines: [String] = []
        if !leftovers.unmatched.isEmpty {
            lines.append("Not adopted (\(leftovers.unmatched.count)): still outside proxguac, so they stay as they are:")
            for item in leftovers.unmatched {
                lines.append("  #\(item.connection.identifier) \(item.path.appending(item.connection.name)): \(item.reason)")
            }
        }
        if let removed {
            if !removed.isEmpty {
                lines.append("Removed \(removed.count) empty group(s): " + removed.map { "#\($0.identifier) \($0.name)" }.joined(separator: ", "))
            }
        } else if !leftovers.emptyGroups.isEmpty {
            lines.append("Empty group(s) at ROOT named after a guest\(dryRun ? " once adopted" : ""): "
                + leftovers.emptyGroups.map { "#\($0.identifier) \($0.name)" }.joined(separator: ", ")
                + " (`proxguac adopt --remove-empty-groups` removes exactly these)")
        }
        if let preset = leftovers.proposedPreset {
            lines.append("\(leftovers.presetCarriers) of \(leftovers.adoptedCount) adopted connection(s) carry the \(preset.rawValue) "
                + "defaults: add \"sync\": {\"defaults\": {\"preset\": \"\(preset.rawValue)\"}} to the config before the first "
                + "`proxguac auto`, or it removes those parameters")
        }
        return lines
    }

    static func line(_ match: AdoptionMatcher.Match) -> String {
        "#\(match.connection.identifier) \(match.currentPath.appending(match.connection.name)) -> [\(match.desired.identity)]"
    }
}
