import ArgumentParser
import Foundation
import ProxGuacCore

/// `list --status`, `--guest`, `--protocol`: which rows to show. Each option may be repeated or take a
/// comma-separated list; a row is shown when it matches every option given (any of its values).
struct ListFilter {
    var statuses: [SyncStatus] = []
    var guests: [String] = []
    var protocols: [String] = []

    /// Parses the options; an unknown status is a usage error naming the known ones.
    init(statuses: [String], guests: [String], protocols: [String]) throws(CommandFailure) {
        for name in Self.split(statuses) {
            guard let status = SyncStatus(rawValue: name) else {
                throw .usage("--status \(name) is not a status: use \(SyncStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.statuses.append(status)
        }
        self.guests = Self.split(guests)
        self.protocols = Self.split(protocols).map { $0.lowercased() }
    }

    func includes(_ row: SyncStatusRow) -> Bool {
        (statuses.isEmpty || row.statuses.contains(where: statuses.contains))
            && (guests.isEmpty || guests.contains { DriftRowSelection.matches(row, $0) })
            && (protocols.isEmpty || protocols.contains(row.identity.protocolName.lowercased()))
    }

    private static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// `list --format`.
enum ListFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv
}

/// `list --format csv`: a header line, then one line per row (RFC 4180 quoting). A cell that a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`:
/// names come from guests' notes, which anyone with VM.Config.Options on one guest can write.
enum ListCSV {
    static let header = ["status", "path", "name", "source", "vmid", "guest", "protocol", "username", "guacIdentifier", "reason"]

    /// With named clusters a `cluster` column follows `source` (the single unnamed cluster keeps the columns it had).
    static func render(_ rows: [SyncStatusRow]) -> String {
        let named = rows.contains { $0.identity.source.guest?.cluster != nil }
        var columns = header
        if named { columns.insert("cluster", at: columns.firstIndex(of: "vmid") ?? columns.endIndex) }
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            let vmid: String
            let source: String
            switch row.identity.source {
            case .proxmox(_, let id): (vmid, source) = (String(id), "pve")
            case .external: (vmid, source) = ("", "ext")
            }
            let guest: String = switch row.identity.source {
            case .proxmox: row.guestName ?? ""
            case .external(let name): name
            }
            var cells = [row.status.rawValue, row.path.names.joined(separator: "/"), row.name, source, vmid, guest,
                         row.identity.protocolName, row.identity.username, row.guacIdentifier ?? "", row.reason]
            if named { cells.insert(row.identity.source.guest?.cluster?.text ?? "", at: 4) }
            lines.append(cells.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "'" }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
