import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// Issue 20: several named clusters synced into one Guacamole, through the built binary against
/// `proxguac lab --clusters 2` (two clusters `lab1`, `lab2` with the same vmids and guest names).
@Suite("proxguac with several clusters")
struct SeveralClustersSyncTests {
    static var twoClusters: LabOptions {
        var options = LabOptions()
        options.clusters = 2
        return options
    }

    /// Marker → connection identifier of every managed connection of `cluster`.
    static func markers(_ setup: CLILab, cluster: String) -> [String: String] {
        var result: [String: String] = [:]
        for connection in setup.lab.guacamoleConnections() {
            guard let marker = connection.parameters["proxguac-id"], marker.hasPrefix("v1:pve:\(cluster):") else { continue }
            result[marker] = connection.identifier
        }
        return result
    }

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test("two clusters with the same vmids: auto syncs both, markers name the cluster, each cluster has its own group")
    func syncsEveryCluster() throws {
        try CLILab.with(options: Self.twoClusters) { setup in
            let run = try setup.run(["auto"])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let lab1 = Self.markers(setup, cluster: "lab1")
            let lab2 = Self.markers(setup, cluster: "lab2")
            #expect(!lab1.isEmpty && lab1.count == lab2.count, "\(lab1.keys.sorted()) \(lab2.keys.sorted())")
            #expect(lab1.keys.contains("v1:pve:lab1:101:ssh:deploy") && lab2.keys.contains("v1:pve:lab2:101:ssh:deploy"))
            #expect(!setup.markers().values.contains { $0?.hasPrefix("v1:pve:101:") ?? false }, "no unnamed marker")

            // sync.groupPerCluster is on by default with several clusters: lab1 and lab2 right under the root group.
            let groups = setup.lab.guacamoleGroups()
            let root = groups.first { $0.name == "Proxmox" }
            let clusterGroups = groups.filter { $0.parentIdentifier == root?.identifier }.map(\.name).sorted()
            #expect(clusterGroups == ["lab1", "lab2"], "\(groups)")

            // The audit log names the cluster of every guest record.
            let audit = (try? String(contentsOfFile: setup.directory.path + "/config.state/audit.jsonl", encoding: .utf8)) ?? ""
            let created = audit.split(separator: "\n").filter { $0.contains("\"create-connection\"") && $0.contains("\"ok\"") }
            #expect(!created.isEmpty && created.allSatisfy { $0.contains("\"cluster\":\"lab1\"") || $0.contains("\"cluster\":\"lab2\"") }, "\(audit)")

            let again = try setup.run(["auto", "--dry-run", "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            let document = try Self.json(again.stdout)
            let summary = (document["plan"] as? [String: Any])?["summary"] as? [String: Any]
            #expect(summary?["changes"] as? Bool == false, "a second run changes nothing: \(again.stdout)")
            #expect((document["failedClusters"] as? [Any])?.isEmpty == true, "\(again.stdout)")

            // auto --json actions name the cluster of their guest.
            let notes = setup.lab.notes(vmid: 200, cluster: 1) ?? ""
            setup.lab.setNotes(vmid: 200, notes + "\nuser:\"extra\" pass:\"extra-pass\" protos:\"ssh\";\n", cluster: 1)
            let planned = try Self.json(try setup.run(["auto", "--dry-run", "--json"]).stdout)
            let actions = (planned["plan"] as? [String: Any])?["actions"] as? [[String: Any]] ?? []
            let create = actions.first { $0["op"] as? String == "create-connection" }
            #expect(create?["cluster"] as? String == "lab2" && create?["identity"] as? String == "pve:lab2:200:ssh:extra", "\(actions)")
        }
    }

    @Test("a cluster that cannot be read: its connections and state records kept, the other cluster synced, exit 3")
    func failingClusterHolds() throws {
        try CLILab.with(options: Self.twoClusters) { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let lab2 = Self.markers(setup, cluster: "lab2")
            // lab1's web01 drops its entry (a delete of lab1's own), and lab2 goes down.
            setup.lab.setNotes(vmid: 101, "Public web server (nginx), no remote access.", cluster: 0)
            setup.lab.stopCluster(1)

            let dry = try setup.run(["auto", "--dry-run", "--json"])
            #expect(dry.status == 3, "\(dry.stdout)\(dry.stderr)")
            let failed = try Self.json(dry.stdout)["failedClusters"] as? [[String: Any]] ?? []
            #expect(failed.map { $0["cluster"] as? String } == ["lab2"], "\(dry.stdout)")

            let list = try setup.run(["list"])
            #expect(list.status == 3 && list.stderr.contains("cluster \"lab2\": cannot read"), "\(list.stdout)\(list.stderr)")
            #expect(list.stdout.contains("[pve:lab2:101:ssh:deploy]") && list.stdout.contains("unknown-node"), "\(list.stdout)")

            let run = try setup.run(["auto"])
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            let lines = run.stderr.split(separator: "\n").filter { $0.contains("cluster \"lab2\": cannot read") }
            #expect(lines.count == 1, "\(run.stderr)")
            #expect(Self.markers(setup, cluster: "lab2") == lab2, "nothing of the failed cluster changed")
            #expect(Self.markers(setup, cluster: "lab1")["v1:pve:lab1:101:ssh:deploy"] == nil, "lab1 synced: its removed entry deleted")
            #expect(setup.stateText.contains("pve:lab2:101:ssh:deploy"), "the failed cluster's state records kept")
        }
    }

    @Test("one cluster's token lost VM.Audit (empty guest list): its deletes held (exit 5), the other cluster's create applied")
    func deletionGuardPerCluster() throws {
        try CLILab.with(options: Self.twoClusters) { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let lab1 = Self.markers(setup, cluster: "lab1")
            setup.lab.setTokenPrivileges(DeletionSafetyAcceptanceTests.syncToken, ["/nodes": ["Sys.Audit"]])  // cluster lab1 only
            let notes = setup.lab.notes(vmid: 200, cluster: 1) ?? ""
            setup.lab.setNotes(vmid: 200, notes + "\nuser:\"extra\" pass:\"extra-pass\" protos:\"ssh\";\n", cluster: 1)

            let run = try setup.run(["auto"])
            #expect(run.status == 5, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("cluster \"lab1\""), "\(run.stderr)")
            #expect(Self.markers(setup, cluster: "lab1") == lab1, "nothing of lab1 deleted")
            #expect(Self.markers(setup, cluster: "lab2")["v1:pve:lab2:200:ssh:extra"] != nil, "lab2's new entry created: \(run.stdout)")
        }
    }

    @Test("guests named as cluster/vmid: a plain vmid two clusters have is refused naming both; lab2/101 acts on lab2's guest only")
    func clusterSelectors() throws {
        try CLILab.with(options: Self.twoClusters) { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let lab1 = Self.markers(setup, cluster: "lab1")
            for command in [["delete", "--guest", "101", "--yes"], ["add", "--vmid", "101", "--yes"], ["auto", "--push", "101"]] {
                let run = try setup.run(command)
                #expect(run.status == 2, "\(command): \(run.stdout)\(run.stderr)")
                let lines = run.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].contains("lab1/101") && lines[0].contains("lab2/101"), "\(command): \(run.stderr)")
            }
            let listed = try setup.run(["list", "--guest", "lab2/101"])
            #expect(listed.status == 0 && listed.stdout.contains("[pve:lab2:101:ssh:deploy]") && !listed.stdout.contains("pve:lab1:"), "\(listed.stdout)")

            let deleted = try setup.run(["delete", "--guest", "lab2/101", "--yes"])
            #expect(deleted.status == 0, "\(deleted.stdout)\(deleted.stderr)")
            #expect(Self.markers(setup, cluster: "lab2")["v1:pve:lab2:101:ssh:deploy"] == nil)
            #expect(Self.markers(setup, cluster: "lab1") == lab1, "lab1's guest 101 untouched")

            let added = try setup.run(["add", "--vmid", "lab2/101", "--yes"])
            #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
            #expect(Self.markers(setup, cluster: "lab2")["v1:pve:lab2:101:ssh:deploy"] != nil, "added back")
            #expect(Self.markers(setup, cluster: "lab1") == lab1)
        }
    }

    @Test("wake lab1/100 reads that cluster's guest (already running: no packet); a plain id with several clusters, or an unknown cluster, is refused")
    func wakeNamesTheCluster() throws {
        try CLILab.with(options: Self.twoClusters) { setup in
            setup.lab.stopCluster(1)
            let running = try setup.run(["wake", "lab1/100"])
            #expect(running.status == 0 && running.stdout.contains("already running"), "\(running.stdout)\(running.stderr)")
            let down = try setup.run(["wake", "lab2/100"])
            #expect(down.status != 0 && down.stderr.contains("connect"), "lab2 is the one asked: \(down.stdout)\(down.stderr)")
            for (target, text) in [("100", "lab1/100"), ("prod/100", "no cluster named \"prod\"")] {
                let refused = try setup.run(["wake", target])
                let lines = refused.stderr.split(separator: "\n")
                #expect(refused.status == 2 && lines.count == 1 && lines[0].contains(text), "\(target): \(refused.stderr)")
            }
        }
    }
}
