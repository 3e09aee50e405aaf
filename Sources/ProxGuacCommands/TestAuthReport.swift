import Foundation
import ProxGuacCore

/// What `test-auth` found, per system: text for people, JSON for scripts. Holds no secret.
struct TestAuthReport: Encodable, Sendable {
    /// How the server's certificate is trusted.
    enum TLSMode: String, Encodable, Sendable {
        /// Chain and host name checked against the system CAs or `tls.caFile`.
        case verified
        /// The certificate is pinned by `tls.fingerprint`.
        case pinned
        /// `tls.verify` is false and nothing is pinned: anyone in the path can read the credentials.
        case unverified
        /// A plain `http://` URL.
        case none

        init(url: URL, tls: TLSSettings) {
            if url.scheme?.lowercased() == "http" {
                self = .none
            } else if tls.fingerprint != nil {
                self = .pinned
            } else {
                self = tls.verify ? .verified : .unverified
            }
        }
    }

    /// One privilege or permission and whether the login holds it.
    struct Check: Encodable, Sendable, Equatable {
        var name: String
        var granted: Bool
        /// False when the configuration does not use it: it does not affect the exit code.
        var required: Bool
        /// Where it was found or looked for (`granted on /vms`).
        var detail: String
        /// What proxguac uses it for.
        var purpose: String
        /// How to grant it (a `pveum` line, or where to click in Guacamole); nil when granted.
        var fix: String?

        var isProblem: Bool { required && !granted }
    }

    /// One system (`proxmox` or `guacamole`).
    struct System: Encodable, Sendable {
        var system: String
        /// The cluster's name (`proxmox[i].name`) for a named Proxmox cluster.
        var cluster: String?
        var url: String
        var tls: TLSMode
        var reachable = false
        var authenticated = false
        var version: String?
        /// Token id or user name.
        var identity: String
        /// The Guacamole data source in use.
        var dataSource: String?
        /// Why it could not be reached or logged in to (one line).
        var error: String?
        var checks: [Check] = []
        /// Extra `pveum` lines shown when a privilege is missing (creating the role, the ACLs).
        var notes: [String] = []

        var ok: Bool { reachable && authenticated && error == nil && !checks.contains(where: \.isProblem) }

        private enum CodingKeys: String, CodingKey {
            case system, cluster, url, tls, reachable, authenticated, version, identity, dataSource, error, checks, notes, ok
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(system, forKey: .system)
            try container.encodeIfPresent(cluster, forKey: .cluster)
            try container.encode(url, forKey: .url)
            try container.encode(tls, forKey: .tls)
            try container.encode(reachable, forKey: .reachable)
            try container.encode(authenticated, forKey: .authenticated)
            try container.encodeIfPresent(version, forKey: .version)
            try container.encode(identity, forKey: .identity)
            try container.encodeIfPresent(dataSource, forKey: .dataSource)
            try container.encodeIfPresent(error, forKey: .error)
            try container.encode(checks, forKey: .checks)
            try container.encode(notes, forKey: .notes)
            try container.encode(ok, forKey: .ok)
        }
    }

    var schemaVersion = TestAuthCommand.schemaVersion
    var systems: [System]

    var ok: Bool { systems.allSatisfy(\.ok) }

    /// How many things stand in the way (unreachable systems, failed logins, missing required privileges).
    var problemCount: Int {
        systems.reduce(0) { count, system in
            count + (system.error != nil ? 1 : 0) + system.checks.filter(\.isProblem).count
        }
    }

    private enum CodingKeys: String, CodingKey { case schemaVersion, ok, systems }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(ok, forKey: .ok)
        try container.encode(systems, forKey: .systems)
    }

    var text: String {
        var lines: [String] = []
        for system in systems {
            lines.append("\(system.system)\(system.cluster.map { " \($0)" } ?? "") \(system.url): \(system.ok ? "OK" : "PROBLEM")")
            lines.append("  reachable      \(system.reachable ? "yes" : "no")")
            lines.append("  tls            \(system.tls.rawValue)")
            if let version = system.version { lines.append("  version        \(version)") }
            lines.append("  identity       \(system.identity)" + (system.authenticated ? "" : " (not logged in)"))
            if let dataSource = system.dataSource { lines.append("  data source    \(dataSource)") }
            if let error = system.error { lines.append("  error          \(error)") }
            for check in system.checks {
                let status = check.granted ? "OK" : (check.required ? "MISSING" : "not needed")
                lines.append("  \(check.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(status): \(check.detail); used to \(check.purpose)")
                if let fix = check.fix, check.isProblem { lines.append("      fix: \(fix)") }
            }
            for note in system.notes { lines.append("      \(note)") }
        }
        lines.append(ok ? "result: everything proxguac needs is granted" : "result: \(problemCount) problem(s); see above")
        // Versions and error text come from the servers.
        return lines.map(TerminalText.escaped).joined(separator: "\n")
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
