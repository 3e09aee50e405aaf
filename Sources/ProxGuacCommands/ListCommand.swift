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

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    @Flag(name: .long, help: "Also show the reason, the Guacamole identifier and the guest's address.")
    var verbose = false

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let run = try await SyncEngine(config: config, logger: logger).plan(resolution: .report)
            if let hint = NotesEncryption.legacyHint(for: run, encryption: config.encryption) { reportWarning(hint) }
            if json {
                print(StatusListDocument(rows: run.plan.rows).jsonText())
                return
            }
            print(Self.render(run, verbose: verbose), terminator: "")
        }
    }

    /// `2026-12-04`, in UTC.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func render(_ run: SyncRun, verbose: Bool) -> String {
        let addresses = Dictionary(run.guests.map { ($0.facts.vmid, $0.facts) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        let statusWidth = max(6, run.plan.rows.map { "\($0.status)".count }.max() ?? 0)
        for row in run.plan.rows {
            let status = "\(row.status)".padding(toLength: statusWidth, withPad: " ", startingAt: 0)
            var line = "\(status)  \(row.path.appending(row.name))  [\(row.identity)]"
            let lastKnown = run.lastKnownAddresses[row.identity]
            if verbose {
                line += "  #\(row.guacIdentifier ?? "-")"
                if let lastKnown {
                    line += "  \(lastKnown)"
                } else if case .proxmox(let vmid) = row.identity.source, let facts = addresses[vmid] {
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
            lines.append(line)
        }
        let counts = run.plan.statusCounts.sorted { "\($0.key)" < "\($1.key)" }.map { "\($0.value) \($0.key)" }
        lines.append("\(run.plan.rows.count) connections" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
        for problem in run.problems where verbose { lines.append("warning: \(problem)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
