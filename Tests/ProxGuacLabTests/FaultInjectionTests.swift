import Foundation
import ProxGuacLab
import Testing

@Suite("Fault injection")
struct FaultInjectionTests {
    private func statuses(seed: UInt64) throws -> [Int] {
        var faults = LabFaults(seed: seed)
        faults.rules = [LabFaultRule(server: .proxmox, path: "/api2/json/version", kind: .httpStatus(503), rate: 0.5)]
        let lab = try startDefaultLab { $0.faults = faults }
        defer { lab.stop() }
        let client = PVEClient(lab)
        return (0..<16).map { _ in client.get("/version").status }
    }

    @Test("the same seed and request order give the same faults; the rate mixes failures and successes")
    func deterministic() throws {
        let first = try statuses(seed: 42)
        #expect(first == (try statuses(seed: 42)))
        #expect(first.contains(503) && first.contains(200))
        #expect(Set(first) == [200, 503])
    }

    @Test("faults can be switched on at run time and limited to a number of hits")
    func runtimeAndLimit() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.get("/nodes/pve1/qemu/100/config").status == 200)
        lab.setFaults(LabFaults(rules: [LabFaultRule(method: "GET", path: "/api2/json/nodes/*/qemu/*/config",
                                                     kind: .httpStatus(502), limit: 2)]))
        let observed = (0..<3).map { _ in client.get("/nodes/pve1/qemu/100/config").status }
        #expect(observed == [502, 502, 200])
        #expect(client.get("/version").status == 200)
    }

    @Test("malformed JSON faults cut the body so it no longer parses")
    func malformedJSON() throws {
        let lab = try startDefaultLab { $0.faults.rules = [LabFaultRule(path: "*/cluster/resources", kind: .malformedJSON)] }
        defer { lab.stop() }
        let response = PVEClient(lab).get("/cluster/resources")
        #expect(response.status == 200)
        #expect(!response.body.isEmpty)
        #expect(response.json == nil)
    }

    @Test("a hung request never answers, so the client times out; a reset drops the connection")
    func hangAndReset() throws {
        let lab = try startDefaultLab {
            $0.faults.rules = [LabFaultRule(path: "/api2/json/version", kind: .hang),
                               LabFaultRule(path: "/api2/json/nodes", kind: .reset)]
        }
        defer { lab.stop() }
        let auth = "Authorization: PVEAPIToken=\(LabDemoCredentials.proxmoxTokenID)=\(LabDemoCredentials.proxmoxTokenSecret)"
        let hung = Curl.request(lab.proxmoxURL + "/api2/json/version", headers: [auth], caFile: lab.caFile,
                                extraArguments: ["--max-time", "1"])
        #expect(hung.exitCode == 28)
        #expect(hung.status == 0)
        let reset = Curl.request(lab.proxmoxURL + "/api2/json/nodes", headers: [auth], caFile: lab.caFile)
        #expect(reset.exitCode != 0)
        #expect(reset.status == 0)
        #expect(PVEClient(lab).get("/cluster/resources").status == 200)
    }

    @Test("a digest race changes the notes after a config read, so the write with that digest fails")
    func digestRace() throws {
        let lab = try startDefaultLab { $0.faults.digestRaceVMIDs = [101] }
        defer { lab.stop() }
        let client = PVEClient(lab)
        let config = client.get("/nodes/pve1/qemu/101/config").dataObject
        let digest = try #require(config["digest"] as? String)
        let failed = client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=mine&digest=\(digest)")
        #expect(failed.reason == "checksum mismatch (file change by other user?)")
        let fresh = try #require(client.get("/nodes/pve1/qemu/101/config").dataObject["digest"] as? String)
        #expect(client.send("PUT", "/nodes/pve1/qemu/101/config", form: "description=mine&digest=\(fresh)").status == 200)
        #expect(lab.notes(vmid: 101) == "mine")
    }

    @Test("a Guacamole token stops working after N requests with 403 PERMISSION_DENIED")
    func guacamoleTokenExpiry() throws {
        let lab = try startDefaultLab { $0.faults.guacamoleTokenExpiresAfterRequests = 2 }
        defer { lab.stop() }
        let client = GuacClient(lab)
        let path = GuacClient.data + "/connections"
        #expect(client.call("GET", path).status == 200)
        #expect(client.call("GET", path).status == 200)
        let third = client.call("GET", path)
        #expect(third.status == 403)
        #expect(third.object["type"] as? String == "PERMISSION_DENIED")
        #expect(GuacClient(lab).call("GET", path).status == 200)
    }

    @Test("a slow agent still answers below the command timeout and fails with 'got timeout' above it")
    func slowAgent() throws {
        let lab = try startDefaultLab {
            $0.faults.slowAgent = .milliseconds(50)
            $0.agentCommandTimeout = .milliseconds(100)
        }
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.get("/nodes/pve1/qemu/101/agent/network-get-interfaces").status == 200)
        lab.setFaults(LabFaults(slowAgent: .milliseconds(200)))
        let timedOut = client.get("/nodes/pve1/qemu/101/agent/network-get-interfaces")
        #expect(timedOut.status == 500)
        #expect(timedOut.reason == "VM 101 qga command 'guest-network-get-interfaces' failed - got timeout")
    }

    @Test("an offline-node fault answers 595 for that node only")
    func offlineNodeFault() throws {
        let lab = try startDefaultLab { $0.faults.offlineNodes = ["pve3"] }
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.get("/nodes/pve3/lxc").status == 595)
        #expect(client.get("/nodes/pve1/lxc").status == 200)
    }
}
