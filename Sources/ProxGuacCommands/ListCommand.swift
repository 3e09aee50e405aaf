import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacSync

/// `proxguac list`: one status row per connection proxguac knows, from a plan that is not applied.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show every managed connection and its sync status (changes nothing).",
        discussion: "Statuses: ok, pve-changed, guac-drift, conflict, missing, orphan, unknown-node, duplicate, invalid-notes, no-ip. See docs/sync-and-drift.md."
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text (same as --format json).")
    var json = false

    @Option(name: .long, help: "Output: table (text), json (one document) or csv (a header line, then a line per row).")
    var format: ListFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only rows with this status (repeat or comma-separate: guac-drift,conflict).", valueName: "status"))
    var status: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only rows of this guest (VM id or name) or external host (repeatable).", valueName: "id|name"))
    var guest: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only rows of this protocol: rdp, ssh, vnc, telnet (repeatable).", valueName: "protocol"))
    var `protocol`: [String] = []

    @Flag(name: .long, help: "Also show the reason, the Guacamole identifier and the guest's address.")
    var verbose = false

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let filter = try ListFilter(statuses: status, guests: guest, protocols: `protocol`)
            let config = try globals.loadConfig().config
            let engine = try SyncEngine(config: config, logger: logger)
            let run = try await engine.loggingOutOnTermination { try await engine.plan(resolution: .report) }
            if let hint = NotesEncryption.legacyHint(for: run, encryption: config.encryption) { reportWarning(hint) }
            FormerNameHint.lines(for: run).forEach { reportWarning($0) }
            let rows = run.plan.rows.filter(filter.includes)
            switch json ? .json : format {
            case .json: print(StatusListDocument(rows: rows).jsonText())
            case .csv: print(ListCSV.render(rows), terminator: "")
            case .table: print(Self.render(run, rows: rows, verbose: verbose), terminator: "")
            }
            // A cluster that could not be read: its rows are shown as kept, and the list is incomplete (exit 3).
            let codes = run.failedClusters.map { reportError(CommandFailure.partial($0.description)) }
            if !codes.isEmpty { throw ExitCode(ExitStatus.mostSerious(codes)) }
        }
    }

    /// `2026-12-04`, in UTC.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func render(_ run: SyncRun, verbose: Bool) -> String {
        render(run, rows: run.plan.rows, verbose: verbose)
    }

    static func render(_ run: SyncRun, rows: [SyncStatusRow], verbose: Bool) -> String {
        // Only --verbose shows addresses; the table is written line by line into one text (at 10,000 guests, the
        // lines, their escaped copies and the joined text each held several MB at the command's peak).
        let addresses = verbose ? Dictionary(run.guests.map { ($0.facts.key, $0.facts) }, uniquingKeysWith: { a, _ in a }) : [:]
        var text = ""
        text.reserveCapacity(rows.count * 96)
        func append(_ line: String) {
            text += TerminalText.escaped(line)
            text += "\n"
        }
        let statusWidth = max(6, rows.map { "\($0.status)".count }.max() ?? 0)
        for row in rows {
            let status = "\(row.status)".padding(toLength: statusWidth, withPad: " ", startingAt: 0)
            var line = "\(status)  \(row.path.appending(row.name))  [\(row.identity)]"
            let lastKnown = run.lastKnownAddresses[row.identity]
            if verbose {
                line += "  #\(row.guacIdentifier ?? "-")"
                if let lastKnown {
                    line += "  \(lastKnown)"
                } else if let guest = row.identity.source.guest, let facts = addresses[guest] {
                    line += "  \(facts.address ?? "no address")" + (facts.addressSource.map { " (\($0))" } ?? "")
                }
            }
            if lastKnown != nil {
                let since = run.state.records[row.identity].map { Self.day($0.lastSync) } ?? "an earlier run"
                line += "  address: last known (\(since))"
            }
            if verbose {
                line += "  — \(row.reason)"
            }
            append(line)
        }
        var statusCounts: [SyncStatus: Int] = [:]
        for row in rows { statusCounts[row.status, default: 0] += 1 }
        let counts = statusCounts.sorted { "\($0.key)" < "\($1.key)" }.map { "\($0.value) \($0.key)" }
        append("\(rows.count) connections" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
        for problem in run.problems where verbose { append("warning: \(problem)") }
        return text
    }
}
