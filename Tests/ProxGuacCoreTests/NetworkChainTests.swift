import Testing
@testable import ProxGuacCore

@Suite("Network: sweep plan and the address chain")
struct NetworkChainTests {
    let onLink: [(subnet: IPv4Subnet, interface: String)] = [(IPv4Subnet(parsing: "198.51.100.0/24")!, "eth0")]

    @Test("The empty default never sweeps, and says how to enable it")
    func emptyDefaultRefuses() {
        #expect(throws: SweepPlanError.nothingConfigured) { try SweepPlan(specs: NetworkSettings().sweepSubnets, onLinkSubnets: onLink, allowLarge: false) }
        #expect(SweepPlanError.nothingConfigured.description.contains("network.sweepSubnets"))
    }

    @Test("Subnets larger than /22 need --allow-large")
    func sizeCap() throws {
        let big = try IPv4Subnet("198.51.96.0/21")
        #expect(throws: SweepPlanError.tooLarge(big, origin: "from network.sweepSubnets")) {
            try SweepPlan(specs: [.subnet(big)], onLinkSubnets: [], allowLarge: false)
        }
        let message = SweepPlanError.tooLarge(big, origin: "from network.sweepSubnets").description
        #expect(message.contains("198.51.96.0/21") && message.contains("--allow-large") && message.contains("network.allowLargeSweep"))
        #expect(try SweepPlan(specs: [.subnet(big)], onLinkSubnets: [], allowLarge: true).targets().count == 2046)
        #expect(try SweepPlan(specs: [.subnet(try IPv4Subnet("198.51.100.0/22"))], onLinkSubnets: [], allowLarge: false).targets().count == 1022)
    }

    @Test("auto expands to the on-link subnets; a large on-link subnet is refused naming the interface")
    func autoSubnets() throws {
        #expect(try SweepPlan(specs: [try SweepTarget("auto")], onLinkSubnets: onLink, allowLarge: false).subnets.map(\.description) == ["198.51.100.0/24"])
        #expect(throws: SweepPlanError.noOnLinkSubnets) { try SweepPlan(specs: [.auto], onLinkSubnets: [], allowLarge: false) }
        let wide = try IPv4Subnet("203.0.0.0/16")
        let error = #expect(throws: SweepPlanError.self) { try SweepPlan(specs: [.auto], onLinkSubnets: [(wide, "vmbr0")], allowLarge: false) }
        #expect(error?.description.contains("on-link on vmbr0") == true)
    }

    @Test("Targets skip network/broadcast, this machine's addresses and duplicates from overlapping subnets")
    func targets() throws {
        let plan = try SweepPlan(specs: [.subnet(try IPv4Subnet("198.51.100.0/24")), .subnet(try IPv4Subnet("198.51.100.128/25")), .auto], onLinkSubnets: onLink, allowLarge: false)
        #expect(plan.subnets.map(\.description) == ["198.51.100.0/24"])
        let targets = plan.targets(excluding: [try IPv4Address("198.51.100.1")])
        #expect(targets.count == 253)
        #expect(targets.first?.description == "198.51.100.2")
        #expect(targets.last?.description == "198.51.100.254")
        #expect(throws: NetworkValueError.invalidCIDR("10")) { try SweepTarget("10") }
    }

    @Test("The first step that finds an address wins and later steps do not run")
    func firstHitWins() async throws {
        let address = try IPAddress("198.51.100.9")
        let steps = [
            AddressLookupStep.skipped(.agent, "not a QEMU VM"),
            AddressLookupStep(.lxcInterfaces) { .failed("501 not implemented") },
            AddressLookupStep(.staticConfig) { .nothing("dhcp") },
            AddressLookupStep(.neighbourTable) { .found(address) },
            AddressLookupStep(.sweep) { Issue.record("the sweep must not run after a hit"); return .nothing("") },
        ]
        let resolution = await AddressChain.resolve(steps)
        #expect(resolution.address == ResolvedAddress(host: "198.51.100.9", source: .neighbourTable))
        #expect(resolution.attempts.map(\.source) == [.agent, .lxcInterfaces, .staticConfig, .neighbourTable])
        #expect(resolution.attempts[1].result == .failed("501 not implemented"))
    }

    @Test("walkAll runs every step for test-network but keeps the first hit")
    func walkAll() async throws {
        let first = try IPAddress("198.51.100.9")
        let later = try IPAddress("198.51.100.10")
        let resolution = await AddressChain.resolve([
            AddressLookupStep(.agent) { .found(first) }, AddressLookupStep(.sweep) { .found(later) },
        ], walkAll: true)
        #expect(resolution.address?.source == .agent)
        #expect(resolution.address?.host == "198.51.100.9")
        #expect(resolution.attempts.count == 2)
    }

    @Test("A pinned host skips the chain and is shown as coming from the notes")
    func pinned() {
        let resolution = AddressResolution.pinned("rdp.example.net")
        #expect(resolution.address?.description == "rdp.example.net (notes)")
        #expect(resolution.attempts.isEmpty)
        #expect(AddressSource.allCases.map(\.rawValue) == ["notes", "agent", "lxc-interfaces", "static-config", "arp", "sweep"])
    }
}
