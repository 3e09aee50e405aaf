import Foundation
import ProxGuacLab
import Testing

/// The pure parts of `proxguac-bench`: the lower bound, the 1% notes change, the per-node request counts.
@Suite("Benchmark support")
struct BenchSupportTests {
    @Test("the lower bound takes the busiest node ÷ workers, Guacamole ÷ concurrency, and the larger side")
    func lowerBound() {
        let bound = BenchLowerBound(
            latency: .milliseconds(10), nodeRequests: ["pve1": 300, "pve2": 600], clusterRequests: 1,
            guacamoleRequests: 3200, nodeWorkers: 3, guacamoleConcurrency: 16)
        #expect(bound.proxmox == .milliseconds(10 + 2000))
        #expect(bound.guacamole == .milliseconds(2000))
        #expect(bound.total == .milliseconds(2010))
        #expect(abs(bound.ratio(wall: .milliseconds(4020)) - 2.0) < 1e-9)

        let serial = BenchLowerBound(
            latency: .milliseconds(10), nodeRequests: ["pve1": 300], clusterRequests: 0,
            guacamoleRequests: 500, nodeWorkers: 1, guacamoleConcurrency: 1)
        #expect(serial.proxmox == .seconds(3))
        #expect(serial.guacamole == .seconds(5))
        #expect(serial.total == .seconds(5))
        #expect(BenchLowerBound(proxmox: .zero, guacamole: .zero).ratio(wall: .seconds(1)) == 0)
    }

    @Test("1% notes changes touch 10 of 1000 guests and change only a password")
    func notesChanges() {
        let scenario = LabScenario.generated(guests: 1000)
        let changes = scenario.notesChanges(percent: 1)
        #expect(changes.count == 10)
        #expect(changes == scenario.notesChanges(percent: 1))
        for (vmid, notes) in changes {
            let before = scenario.guests.first { $0.vmid == vmid }?.config["description"] ?? ""
            #expect(notes != before)
            #expect(notes.replacingOccurrences(of: "pass:\"changed-", with: "pass:\"") == before)
        }
        #expect(LabScenario.generated(guests: 3).notesChanges(percent: 1).count == 1)
    }

    @Test("the lab counts PVE requests per node for the node paths only")
    func requestsPerNode() throws {
        let lab = try Lab.start(LabScenario.generated(guests: 4, nodes: 2))
        defer { lab.stop() }
        let client = PVEClient(lab)
        _ = client.get("/cluster/resources?type=vm")
        _ = client.get("/nodes/pve1/qemu/100/config")
        _ = client.get("/nodes/pve1/lxc/100/config")
        _ = client.get("/nodes/pve2/qemu/101/config")
        let perNode = lab.requestsPerNode()
        #expect(perNode["pve1"] == 2)
        #expect(perNode["pve2"] == 1)
    }

    @Test("with several clusters the per-node counts name the cluster (the same node names, separate workers)")
    func requestsPerNodeOfSeveralClusters() throws {
        var options = LabOptions()
        options.clusters = 2
        let lab = try Lab.start(LabScenario.generated(guests: 4, nodes: 2), options: options)
        defer { lab.stop() }
        let token = ["Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=\(LabDemoCredentials.proxmoxTokenSecret)"]
        _ = Curl.request(lab.clusterURLs[0] + "/api2/json/nodes/pve1/qemu/100/config", headers: token, caFile: lab.caFile)
        _ = Curl.request(lab.clusterURLs[1] + "/api2/json/nodes/pve1/qemu/100/config", headers: token, caFile: lab.caFile)
        _ = Curl.request(lab.clusterURLs[1] + "/api2/json/nodes/pve1/lxc/100/config", headers: token, caFile: lab.caFile)
        #expect(lab.requestsPerNode() == ["lab1/pve1": 1, "lab2/pve1": 2])
    }
}
