import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 20 (part 1) through the built binary: several node URLs per cluster, and the list form of `proxmox`.
@Suite("proxguac with cluster configs")
struct ClusterConfigCommandTests {
    /// A URL whose port refuses connections (a lab started and stopped again).
    private static func closedURL() throws -> String {
        let gone = try Lab.start(LabScenario.defaultScenario())
        defer { gone.stop() }
        return gone.proxmoxURL
    }

    @Test("a first node that refuses connections: auto syncs through the next URL and exits 0")
    func syncThroughTheNextNode() throws {
        let down = try Self.closedURL()
        try CLILab.with { setup in
            try setup.editConfig { config in
                var proxmox = config["proxmox"] as? [String: Any] ?? [:]
                proxmox["url"] = [down, setup.lab.proxmoxURL]
                config["proxmox"] = proxmox
            }
            let before = setup.lab.guacamoleConnections().count
            let run = try setup.run(["auto"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(setup.lab.guacamoleConnections().count > before)
            #expect(run.stderr.contains("not answering"), "the skipped node is reported: \(run.stderr)")
        }
    }

    @Test("two named clusters, one unreachable: config check shows both, auto syncs the other and exits 3")
    func namedClustersOneUnreachable() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in
                let lab = config["proxmox"] as? [String: Any] ?? [:]
                config["proxmox"] = [lab.merging(["name": "lab"]) { _, new in new },
                                     lab.merging(["name": "prod", "url": "https://127.0.0.1:9/"]) { _, new in new }]
            }
            let check = try setup.run(["config", "check"])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("proxmox[1].name = \"prod\""), "\(check.stdout)")

            let run = try setup.run(["auto"])
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("cluster \"prod\": cannot read"), "\(run.stderr)")
            let markers = setup.markers().values.compactMap { $0 }
            #expect(!markers.isEmpty && markers.allSatisfy { $0.hasPrefix("v1:pve:lab:") }, "\(markers)")
        }
    }

    @Test("test-auth checks every cluster and names each: a cluster that is down is a problem of its own")
    func testAuthChecksEveryCluster() throws {
        let down = try Self.closedURL()
        try CLILab.with { setup in
            try setup.editConfig { config in
                let lab = config["proxmox"] as? [String: Any] ?? [:]
                config["proxmox"] = [lab.merging(["name": "lab"]) { _, new in new },
                                     lab.merging(["name": "prod", "url": down]) { _, new in new }]
            }
            let run = try setup.run(["test-auth", "--json"])
            #expect(run.status != 0)
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let systems = document?["systems"] as? [[String: Any]] ?? []
            #expect(systems.map { $0["system"] as? String } == ["proxmox", "proxmox", "guacamole"])
            #expect(systems.map { $0["cluster"] as? String } == ["lab", "prod", nil])
            #expect(systems.map { $0["ok"] as? Bool } == [true, false, true], "\(run.stdout)")
        }
    }
}
