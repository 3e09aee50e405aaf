import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 20: naming the single cluster, or renaming it with `previousNames`, rewrites the markers in place:
/// no delete, no create, every connection kept as it was but for its `proxguac-id`.
@Suite("Naming and renaming a cluster")
struct ClusterMigrationCommandTests {
    /// Every connection with its marker taken out, by identifier: what must not change.
    static func withoutMarkers(_ lab: Lab) -> [String: LabGuacConnection] {
        Dictionary(uniqueKeysWithValues: lab.guacamoleConnections().map { connection in
            var copy = connection
            copy.parameters["proxguac-id"] = nil
            return (connection.identifier, copy)
        })
    }

    static func setName(_ setup: CLILab, _ name: String?, previous: [String]? = nil) throws {
        try setup.editConfig { config in
            var proxmox = config["proxmox"] as? [String: Any] ?? [:]
            proxmox["name"] = name
            proxmox["previousNames"] = previous
            config["proxmox"] = proxmox
        }
    }

    @Test("naming the cluster rewrites every marker in place (audited migrate-marker), re-keys the state, keeps everything else")
    func namingRewritesMarkersInPlace() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let before = Self.withoutMarkers(setup.lab)
            let markers = setup.markers().compactMapValues { $0 }
            #expect(!markers.isEmpty && markers.values.allSatisfy { $0.hasPrefix("v1:pve:") && !$0.hasPrefix("v1:pve:lab:") })

            try Self.setName(setup, "lab")
            let preview = try setup.run(["auto", "--dry-run"])
            #expect(preview.status == 0, "\(preview.stdout)\(preview.stderr)")
            #expect(preview.stdout.contains("migrate-marker"), "\(preview.stdout)")
            #expect(Self.withoutMarkers(setup.lab) == before && setup.markers().compactMapValues { $0 } == markers, "a dry run writes nothing")

            let run = try setup.run(["auto"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(Self.withoutMarkers(setup.lab) == before, "same connections: ids, names, groups, parameters, attributes")
            let after = setup.markers().compactMapValues { $0 }
            #expect(after == markers.mapValues { $0.replacingOccurrences(of: "v1:pve:", with: "v1:pve:lab:") }, "\(after)")
            let audit = (try? String(contentsOfFile: setup.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
            let rewrites = audit.split(separator: "\n").filter { $0.contains("\"action\":\"migrate-marker\"") && $0.contains("\"result\":\"ok\"") }
            #expect(rewrites.count == markers.count, "\(audit)")
            #expect(setup.stateText.contains("\"pve:lab:100:rdp:admin\"") && !setup.stateText.contains("\"pve:100:rdp:admin\""), "\(setup.stateText)")

            let again = try setup.run(["auto", "--dry-run", "--json"])
            let summary = ((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["plan"] as? [String: Any])?["summary"] as? [String: Any]
            #expect(again.status == 0 && summary?["changes"] as? Bool == false, "\(again.stdout)\(again.stderr)")
        }
    }

    @Test("renaming without previousNames is refused before any write (exit 2, one line naming previousNames); with it, markers move again")
    func renaming() throws {
        try CLILab.with { setup in
            try Self.setName(setup, "lab")
            #expect(try setup.run(["auto"]).status == 0)
            let before = Self.withoutMarkers(setup.lab)
            let markers = setup.markers().compactMapValues { $0 }
            #expect(markers.values.allSatisfy { $0.hasPrefix("v1:pve:lab:") })

            try Self.setName(setup, "prod")
            let refused = try setup.run(["auto"])
            #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
            let lines = refused.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("previousNames"), "\(refused.stderr)")
            #expect(setup.markers().compactMapValues { $0 } == markers && Self.withoutMarkers(setup.lab) == before)

            try Self.setName(setup, "prod", previous: ["lab"])
            let renamed = try setup.run(["auto"])
            #expect(renamed.status == 0, "\(renamed.stdout)\(renamed.stderr)")
            #expect(Self.withoutMarkers(setup.lab) == before)
            #expect(setup.markers().compactMapValues { $0 } == markers.mapValues { $0.replacingOccurrences(of: "v1:pve:lab:", with: "v1:pve:prod:") })
        }
    }

    @Test("the unnamed cluster's connections while several clusters are configured: refused (exit 2), nothing written")
    func unnamedConnectionsWithSeveralClusters() throws {
        try CLILab.with(options: SeveralClustersSyncTests.twoClusters) { setup in
            var listed: Any = []
            try setup.editConfig { config in
                listed = config["proxmox"] as Any
                var first = (config["proxmox"] as? [[String: Any]])?.first ?? [:]
                first["name"] = nil
                config["proxmox"] = first
            }
            #expect(try setup.run(["auto"]).status == 0)
            let markers = setup.markers()
            try setup.editConfig { $0["proxmox"] = listed }
            let refused = try setup.run(["auto"])
            #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
            let lines = refused.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("its name alone"), "\(refused.stderr)")
            #expect(setup.markers() == markers)
        }
    }
}
