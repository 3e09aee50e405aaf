import ProxGuacLab
import Testing

/// The `proxguac lab --fault SPEC` grammar.
@Suite("Fault specs (--fault)")
struct FaultSpecTests {
    @Test("every documented spec becomes the lab fault it names")
    func documentedSpecs() throws {
        let faults = try LabFaultSpec.parse([
            "guacamole:5xx=0.05", "proxmox:timeout=0.01", "proxmox:503=0.1@/api2/json/nodes/*/qemu/*/config",
            "guacamole:reset=0.02", "proxmox:malformed-json=1", "guacamole:token-expiry-after=200",
            "node:pve2=offline", "digest-race:vmid=101", "digest-race:vmid=102", "agent:slow-ms=3000",
            "proxmox:empty-list=1@/api2/json/cluster/resources", "guacamole:302=1",
        ])
        #expect(faults.rules == [
            LabFaultRule(server: .guacamole, path: "*", kind: .httpStatus(500), rate: 0.05),
            LabFaultRule(server: .proxmox, path: "*", kind: .hang, rate: 0.01),
            LabFaultRule(server: .proxmox, path: "/api2/json/nodes/*/qemu/*/config", kind: .httpStatus(503), rate: 0.1),
            LabFaultRule(server: .guacamole, path: "*", kind: .reset, rate: 0.02),
            LabFaultRule(server: .proxmox, path: "*", kind: .malformedJSON, rate: 1),
            LabFaultRule(server: .proxmox, path: "/api2/json/cluster/resources", kind: .emptyList, rate: 1),
            LabFaultRule(server: .guacamole, path: "*", kind: .httpStatus(302), rate: 1),
        ])
        #expect(faults.guacamoleTokenExpiresAfterRequests == 200)
        #expect(faults.offlineNodes == ["pve2"])
        #expect(faults.digestRaceVMIDs == [101, 102])
        #expect(faults.slowAgent == .milliseconds(3000))
        #expect(try LabFaultSpec.parse([]) == LabFaults())
    }

    @Test("a bad spec gives one line naming the spec and what to write", arguments: [
        ("guacamole", "expected TARGET:KEY=VALUE"),
        ("guacamole:5xx=1.5", "rate must be a number above 0 and at most 1"),
        ("guacamole:5xx=often", "rate must be a number"),
        ("proxmox:timeout=0", "rate must be a number above 0"),
        ("proxmox:200=0.1", "unknown fault '200'"),
        ("proxmox:explode=0.1", "unknown fault 'explode'"),
        ("proxmox:5xx=0.1@api", "path after @ must start with /"),
        ("guacamole:token-expiry-after=-3", "whole number above 0"),
        ("node:pve2=online", "node:NAME=offline"),
        ("node:=offline", "node:NAME=offline"),
        ("digest-race:vmid=web01", "vmid must be a whole number"),
        ("agent:slow-ms=fast", "whole number of milliseconds"),
        ("pbs:5xx=0.1", "unknown target 'pbs'"),
    ])
    func badSpec(spec: String, expected: String) {
        let error = #expect(throws: LabFaultSpecError.self) { _ = try LabFaultSpec.parse(["node:pve1=offline", spec]) }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("--fault '\(spec)': "), "\(message)")
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test("a parsed spec takes effect in a running lab, only on its path")
    func appliedInLab() throws {
        let faults = try LabFaultSpec.parse(["proxmox:503=1@/api2/json/version", "node:pve2=offline"])
        let lab = try startDefaultLab { $0.faults = faults }
        defer { lab.stop() }
        let client = PVEClient(lab)
        #expect(client.get("/version").status == 503)
        #expect(client.get("/nodes/pve1/qemu/100/config").status == 200)
        #expect(client.get("/nodes/pve2/qemu/102/config").status == 595)
    }
}
