import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `proxguac adopt` through the built binary (issue #15): what it takes, what it leaves and why, the empty
/// guest groups (`--remove-empty-groups` removes exactly those), and the preset proposal.
@Suite("proxguac adopt (binary)")
struct AdoptCommandTests {
    /// The default lab plus what Proxmox-Guacamole-Sync left: db01's SSH connection in a group "db01" at ROOT
    /// with the original's SSH defaults and attributes, and dns01's at ROOT with a stale address.
    private func scenario() throws -> LabScenario {
        var scenario = try LabScenario.defaultScenario()
        scenario.guacamole.groups.append(.init(identifier: "50", name: "db01"))
        let attributes = ["max-connections": "2", "max-connections-per-user": "1"]
        scenario.guacamole.connections.append(.init(
            name: "dba@db01-ssh", parentIdentifier: "50", protocol: "ssh",
            parameters: ["hostname": "198.51.100.22", "port": "2222", "username": "dba", "password": "pg-secret",
                         "color-scheme": "gray-black", "font-name": "monospace", "font-size": "12", "enable-sftp": "true",
                         "sftp-directory": "/home/dba"],
            attributes: attributes))
        scenario.guacamole.connections.append(.init(
            name: "root@dns01-ssh", protocol: "ssh",
            parameters: ["hostname": "203.0.113.250", "port": "22", "username": "root", "password": "toor"],
            attributes: attributes))
        return scenario
    }

    @Test func reportsLeftoversAndRemovesExactlyTheEmptyGroups() throws {
        let scenario = try scenario()
        let lab = try Lab.start(scenario, options: LabOptions())
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        let dba = try #require(lab.guacamoleConnections().first { $0.name == "dba@db01-ssh" })
        let dns = try #require(lab.guacamoleConnections().first { $0.name == "root@dns01-ssh" })

        let dry = try ProxGuacBinary.run(["adopt", "--dry-run", "--config", config], in: directory.path)
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
        #expect(dry.stdout.contains("Would adopt 1 connection(s):"))
        #expect(dry.stdout.contains("#\(dns.identifier) root@dns01-ssh: named like [pve:200:ssh:root] of guest dns01, but hostname 203.0.113.250 (the entry: "))
        #expect(dry.stdout.contains("Empty group(s) at ROOT named after a guest once adopted: #50 db01"))
        #expect(dry.stdout.contains(#"1 of 1 adopted connection(s) carry the proxmox-guacamole-sync defaults: add "sync": {"defaults": {"preset": "proxmox-guacamole-sync"}}"#))
        #expect(!dry.stdout.contains("pg-secret") && !dry.stdout.contains("toor"))
        #expect(lab.guacamoleGroups().contains { $0.identifier == "50" })

        let adopted = try ProxGuacBinary.run(["adopt", "--remove-empty-groups", "--config", config], in: directory.path)
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        #expect(adopted.stdout.contains("Removed 1 empty group(s): #50 db01"))
        #expect(!lab.guacamoleGroups().contains { $0.identifier == "50" })
        let moved = try #require(lab.guacamoleConnections().first { $0.identifier == dba.identifier })
        #expect(moved.attributes == dba.attributes, "adopt keeps the attributes")
        #expect(moved.parameters["sftp-directory"] == "/home/dba")
        let stale = try #require(lab.guacamoleConnections().first { $0.identifier == dns.identifier })
        #expect(stale == dns, "what adopt did not take is left exactly as it was")
    }

    @Test("two clusters with the same guests: a leftover connection both could own is not adopted on a guess")
    func severalClusters() throws {
        let scenario = try scenario()
        var options = LabOptions()
        options.clusters = 2
        let lab = try Lab.start(scenario, options: options)
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        let before = lab.guacamoleConnections()
        let run = try ProxGuacBinary.run(["adopt", "--config", config], in: directory.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fits guests of several clusters (lab1/102, lab2/102): not adopted"), "\(run.stdout)")
        #expect(lab.guacamoleConnections() == before, "nothing adopted, nothing moved")
    }
}
