import Foundation
import ProxGuacLab
import Testing

@Suite("Proxmox inventory, agent, power and offline nodes")
struct ProxmoxGuestTests {
    @Test("/cluster/resources lists every guest with the §4.1 fields, templates and pools included")
    func clusterResources() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let guests = PVEClient(lab).get("/cluster/resources?type=vm").dataArray
        #expect(guests.count == 10)
        let web = try #require(guests.first { $0["vmid"] as? Int == 101 })
        #expect(web["id"] as? String == "qemu/101")
        #expect(web["node"] as? String == "pve1")
        #expect(web["status"] as? String == "running")
        #expect(web["tags"] as? String == "prod;web")
        #expect(web["pool"] as? String == "lab")
        #expect(web["template"] as? Int == 0)
        #expect(guests.first { $0["vmid"] as? Int == 9000 }?["template"] as? Int == 1)
        #expect(guests.filter { $0["type"] as? String == "lxc" }.count == 3)
    }

    @Test("an offline node answers 595 with no body while /cluster/resources marks its guests unknown")
    func offlineNode() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        lab.setNodeOnline("pve2", false)
        let client = PVEClient(lab)
        let response = client.get("/nodes/pve2/qemu")
        #expect(response.status == 595)
        #expect(response.reason == "No route to host")
        #expect(response.body.isEmpty)
        let resources = client.get("/cluster/resources").dataArray
        let db = try #require(resources.first { $0["vmid"] as? Int == 102 })
        #expect(db["status"] as? String == "unknown")
        #expect(db["name"] == nil)
        #expect(resources.first { $0["id"] as? String == "node/pve2" }?["status"] as? String == "offline")
        #expect(client.get("/nodes/pve1/qemu").status == 200)
    }

    @Test("the agent reports interfaces as {data:{result:[…]}} with optional keys")
    func agentInterfaces() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let response = PVEClient(lab).get("/nodes/pve1/qemu/101/agent/network-get-interfaces")
        let result = try #require(response.dataObject["result"] as? [[String: Any]])
        let ens18 = try #require(result.first { $0["name"] as? String == "ens18" })
        #expect(ens18["hardware-address"] as? String == "bc:24:11:10:01:01")
        let addresses = try #require(ens18["ip-addresses"] as? [[String: Any]])
        #expect(addresses.first?["ip-address"] as? String == "198.51.100.21")
        #expect(addresses.first?["ip-address-type"] as? String == "ipv4")
        #expect(addresses.first?["prefix"] as? Int == 24)
        #expect(result.first { $0["name"] as? String == "veth1a2b3c" }?["ip-addresses"] == nil)
    }

    @Test("agent errors come in PVE's order: not configured, not running VM, agent not answering")
    func agentErrorLadder() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.get("/nodes/pve3/qemu/104/agent/network-get-interfaces").reason == "No QEMU guest agent configured")
        #expect(client.get("/nodes/pve2/qemu/102/agent/network-get-interfaces").reason == "VM 102 is not running")
        #expect(client.get("/nodes/pve2/qemu/103/agent/network-get-interfaces").reason == "QEMU guest agent is not running")
        #expect(client.get("/nodes/pve1/qemu/999/agent/network-get-interfaces").status == 500)
    }

    @Test("LXC interfaces use inet/inet6 with integer prefixes, and a stopped container answers null")
    func lxcInterfaces() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        let interfaces = client.get("/nodes/pve1/lxc/200/interfaces").dataArray
        let eth0 = try #require(interfaces.first { $0["name"] as? String == "eth0" })
        #expect(eth0["inet"] as? String == "203.0.113.53/24")
        let addresses = try #require(eth0["ip-addresses"] as? [[String: Any]])
        #expect(addresses.first?["ip-address-type"] as? String == "inet")
        #expect(addresses.first?["prefix"] as? Int == 24)
        let stopped = client.get("/nodes/pve3/lxc/202/interfaces")
        #expect(stopped.status == 200)
        #expect(stopped.data is NSNull)

        let old = try startDefaultLab { $0.proxmoxVersion = "8.0" }
        defer { old.stop() }
        #expect(PVEClient(old).get("/nodes/pve1/lxc/200/interfaces").status == 501)
    }

    @Test("starting a stopped VM returns a UPID; the task finishes and then the agent answers")
    func startTask() throws {
        let lab = try startDefaultLab { $0.powerTaskDuration = .milliseconds(100) }
        defer { lab.stop() }
        let client = PVEClient(lab)
        let upid = try #require(client.send("POST", "/nodes/pve2/qemu/102/status/start", form: "").data as? String)
        let parts = upid.split(separator: ":", omittingEmptySubsequences: false)
        #expect(parts.count == 9)
        #expect(parts[1] == "pve2" && parts[5] == "qmstart" && parts[6] == "102")
        #expect(parts[7] == "proxguac@pve!sync")
        let statusPath = "/nodes/pve2/tasks/\(formEncode(upid))/status"
        var task: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(10)
        repeat {
            task = client.get(statusPath).dataObject
        } while task["status"] as? String != "stopped" && Date() < deadline
        #expect(task["exitstatus"] as? String == "OK")
        #expect(task["tokenid"] as? String == "sync")
        #expect(client.get("/nodes/pve2/qemu/102/status/current").dataObject["status"] as? String == "running")
        #expect(client.get("/nodes/pve2/qemu/102/agent/network-get-interfaces").status == 200)
        #expect(client.get("/nodes/pve1/tasks/\(formEncode(upid))/status").reason == "Parameter verification failed.")
    }

    @Test("task-level and synchronous power errors differ by guest type as on PVE")
    func powerErrors() throws {
        let lab = try startDefaultLab { $0.powerTaskDuration = .zero }
        defer { lab.stop() }
        let client = PVEClient(lab)
        let upid = try #require(client.send("POST", "/nodes/pve1/qemu/101/status/start", form: "").data as? String)
        let task = client.get("/nodes/pve1/tasks/\(formEncode(upid))/status").dataObject
        #expect(task["exitstatus"] as? String == "VM 101 already running")
        let lxc = client.send("POST", "/nodes/pve1/lxc/200/status/start", form: "")
        #expect(lxc.status == 500)
        #expect(lxc.reason == "CT 200 already running")
    }

    @Test("in stale mode /cluster/resources lags a power action while status/current is already current")
    func staleResources() throws {
        let lab = try startDefaultLab {
            $0.powerTaskDuration = .zero
            $0.staleResourceCalls = 2
        }
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.send("POST", "/nodes/pve1/qemu/101/status/stop", form: "").status == 200)
        #expect(client.get("/nodes/pve1/qemu/101/status/current").dataObject["status"] as? String == "stopped")
        let seen = (0..<3).map { _ in
            client.get("/cluster/resources?type=vm").dataArray.first { $0["vmid"] as? Int == 101 }?["status"] as? String
        }
        #expect(seen == ["running", "running", "stopped"])
    }

    @Test("no more than the node worker limit of requests for one node run at once")
    func nodeWorkerLimit() throws {
        let lab = try startDefaultLab {
            $0.latency = .milliseconds(150)
            $0.nodeWorkerLimit = 2
        }
        defer { lab.stop() }
        let url = lab.proxmoxURL + "/api2/json/nodes/pve1/qemu"
        let auth = "Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=\(LabDemoCredentials.proxmoxTokenSecret)"
        let response = Curl.request(url, headers: [auth], caFile: lab.caFile,
                                    extraArguments: ["--parallel", "--parallel-max", "10", "--parallel-immediate"]
                                        + Array(repeating: url, count: 9))
        #expect(response.exitCode == 0)
        #expect(lab.requestCounts()["GET /api2/json/nodes/{node}/qemu"] == 10)
        let peak = lab.peakConcurrentRequestsPerNode()["pve1"] ?? 0
        #expect(peak >= 1 && peak <= 2)
    }

    @Test("request counts use route templates with ids normalised")
    func requestCounts() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        _ = client.get("/nodes/pve1/qemu/100/config")
        _ = client.get("/nodes/pve1/qemu/101/config")
        _ = client.get("/cluster/resources?type=vm")
        let counts = lab.requestCounts()
        #expect(counts["GET /api2/json/nodes/{node}/qemu/{vmid}/config"] == 2)
        #expect(counts["GET /api2/json/cluster/resources"] == 1)
    }
}
