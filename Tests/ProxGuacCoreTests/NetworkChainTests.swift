import Foundation
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

    @Test("Subnets larger than /22 need --allow-large, and even then one budget bounds the whole run")
    func sizeCapAndBudget() throws {
        let big = try IPv4Subnet("198.51.96.0/21")
        let wideLink: [(subnet: IPv4Subnet, interface: String)] = [(try IPv4Subnet("198.51.0.0/16"), "vmbr0")]
        #expect(throws: SweepPlanError.tooLarge(big, origin: "from network.sweepSubnets")) {
            try SweepPlan(specs: [.subnet(big)], onLinkSubnets: wideLink, allowLarge: false)
        }
        let message = SweepPlanError.tooLarge(big, origin: "from network.sweepSubnets").description
        #expect(message.contains("198.51.96.0/21") && message.contains("--allow-large") && message.contains("network.allowLargeSweep"))
        let allowed = try SweepPlan(specs: [.subnet(big)], onLinkSubnets: wideLink, allowLarge: true, budget: 256)
        #expect(allowed.targets().count == 256, "the budget, not the subnet, bounds the probes")
        #expect(allowed.skipped == ["the probe budget of 256 (network.maxProbes) covers 256 of the 2046 addresses; the rest are not probed this run"])
        // Four /22s together (the issue's 4,088 probes) stay within one budget for the run.
        let four = try ["198.51.96.0/22", "198.51.100.0/22", "198.51.104.0/22", "198.51.108.0/22"].map { SweepTarget.subnet(try IPv4Subnet($0)) }
        #expect(try SweepPlan(specs: four, onLinkSubnets: wideLink, allowLarge: false, budget: 256).targets().count == 256)
        #expect(try SweepPlan(specs: four, onLinkSubnets: wideLink, allowLarge: false, budget: 5000).targets().count == 4088)
    }

    @Test("The target list is never built beyond the budget, even for 0.0.0.0/0-sized plans")
    func lazyTargets() throws {
        let wideLink: [(subnet: IPv4Subnet, interface: String)] = [(try IPv4Subnet("128.0.0.0/3"), "eth9")]
        let plan = try SweepPlan(specs: [.subnet(try IPv4Subnet("128.0.0.0/3"))], onLinkSubnets: wideLink, allowLarge: true, budget: 300)
        #expect(plan.targets().count == 300)
        #expect(plan.targets().first?.description == "128.0.0.1")
    }

    @Test("auto expands to the on-link subnets; one wider than the budget is skipped with one line, never an error")
    func autoSubnets() throws {
        #expect(try SweepPlan(specs: [try SweepTarget("auto")], onLinkSubnets: onLink, allowLarge: false).subnets.map(\.description) == ["198.51.100.0/24"])
        #expect(throws: SweepPlanError.noOnLinkSubnets) { try SweepPlan(specs: [.auto], onLinkSubnets: [], allowLarge: false) }
        let wide = try IPv4Subnet("203.0.0.0/16")
        let plan = try SweepPlan(specs: [.auto], onLinkSubnets: [(wide, "docker0")] + onLink, allowLarge: true)
        #expect(plan.subnets.map(\.description) == ["198.51.100.0/24"])
        #expect(plan.skipped.count == 1)
        #expect(plan.skipped.first?.hasPrefix("skipping 203.0.0.0/16 on docker0 (auto): its 65534 addresses exceed the probe budget of 256") == true)
        let onlyWide = try SweepPlan(specs: [.auto], onLinkSubnets: [(wide, "docker0")], allowLarge: false)
        #expect(onlyWide.targets().isEmpty && onlyWide.skipped.count == 1)
    }

    @Test("Targets skip network/broadcast, this machine's addresses and duplicates from overlapping subnets")
    func targets() throws {
        let plan = try SweepPlan(specs: [.subnet(try IPv4Subnet("198.51.100.0/24")), .subnet(try IPv4Subnet("198.51.100.128/25")), .auto],
                                 onLinkSubnets: onLink, ownAddresses: [try IPv4Address("198.51.100.1")], allowLarge: false)
        #expect(plan.subnets.map(\.description) == ["198.51.100.0/24"])
        let targets = plan.targets()
        #expect(targets.count == 253)
        #expect(targets.first?.description == "198.51.100.2")
        #expect(targets.last?.description == "198.51.100.254")
        #expect(throws: NetworkValueError.invalidCIDR("10")) { try SweepTarget("10") }
    }

    @Test("Loopback, multicast, broadcast, 0/8 and 0.0.0.0/0 are refused; off-link subnets need routed: true")
    func targetSense() throws {
        for text in ["224.0.0.0/24", "127.0.0.0/8", "255.255.255.255/32", "0.0.0.0/0", "169.254.0.0/16", "240.0.0.0/8"] {
            let subnet = try IPv4Subnet(text)
            #expect(throws: SweepPlanError.notUnicast(subnet), "\(text)") {
                try SweepPlan(specs: [.subnet(subnet)], onLinkSubnets: [(try IPv4Subnet("0.0.0.0/0"), "eth0")], allowLarge: true)
            }
            #expect(throws: SweepPlanError.notUnicast(subnet)) { try SweepPlan(specs: [.routed(subnet)], onLinkSubnets: [], allowLarge: true) }
        }
        let offLink = try IPv4Subnet("203.0.113.0/24")
        #expect(throws: SweepPlanError.notOnLink(offLink)) { try SweepPlan(specs: [.subnet(offLink)], onLinkSubnets: onLink, allowLarge: false) }
        #expect(SweepPlanError.notOnLink(offLink).description.contains("\"routed\": true"))
        #expect(try SweepPlan(specs: [.routed(offLink)], onLinkSubnets: onLink, allowLarge: false).targets().count == 254)
    }

    @Test("The sweep memo reads back from the state file; a malformed one is dropped, never the state")
    func sweepMemoInState() throws {
        var state = SyncState()
        let time = try Date("2026-12-04T17:00:00Z", strategy: .iso8601)
        state.sweepMemo = SweepMemo(time: time, subnets: [try IPv4Subnet("198.51.100.0/24")],
                                    addresses: [try MACAddress("02:50:47:00:00:01"): try IPv4Address("198.51.100.11")])
        let bytes = state.stateFileBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"sweep\" : {\n    \"addresses\" : {\n      \"02:50:47:00:00:01\" : \"198.51.100.11\""))
        #expect(try SyncState(stateFileBytes: bytes).sweepMemo == state.sweepMemo)
        #expect(String(decoding: SyncState().stateFileBytes(), as: UTF8.self) == "{\n  \"connections\" : {\n\n  },\n  \"version\" : 1\n}", "no memo, no member: old files stay byte-identical")
        let broken = text.replacingOccurrences(of: "198.51.100.11", with: "nonsense")
        #expect(try SyncState(stateFileBytes: Array(broken.utf8)).sweepMemo == nil)
        let memo = try #require(state.sweepMemo)
        #expect(memo.isReusable(at: time.addingTimeInterval(3599), intervalSeconds: 3600, subnets: memo.subnets))
        #expect(!memo.isReusable(at: time.addingTimeInterval(3600), intervalSeconds: 3600, subnets: memo.subnets))
        #expect(!memo.isReusable(at: time.addingTimeInterval(10), intervalSeconds: 3600, subnets: [try IPv4Subnet("203.0.113.0/24")]))
    }

    @Test("wake decides by what Proxmox says: running, stopped (packet or API start), container and template refused")
    func wakeDecision() {
        #expect(WakeDecision.decide(guest: "qemu 100", kind: .qemu, status: "running", isTemplate: false, startRequested: false) == .alreadyRunning)
        #expect(WakeDecision.decide(guest: "qemu 102", kind: .qemu, status: "stopped", isTemplate: false, startRequested: true) == .startViaAPI)
        guard case .sendPacketOnly(let note) = WakeDecision.decide(guest: "qemu 102", kind: .qemu, status: "stopped", isTemplate: false, startRequested: false) else {
            Issue.record("a stopped VM without --start gets the packet and a note")
            return
        }
        #expect(note.contains("--start") && note.contains("listener on the Proxmox host"))
        guard case .refuse = WakeDecision.decide(guest: "lxc 200", kind: .lxc, status: "stopped", isTemplate: false, startRequested: true),
              case .refuse = WakeDecision.decide(guest: "qemu 9000", kind: .qemu, status: "stopped", isTemplate: true, startRequested: true)
        else {
            Issue.record("containers and templates are refused")
            return
        }
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

@Suite("A guest without an address: the reason names no family")
struct NoAddressReasonTests {
    @Test("no-ip rows say \"no usable address found\", also with ipv6 on (never \"no IPv4\")")
    func reason() {
        let base = Fixture.desired()
        let plan = World().plan([], blocked: [BlockedEntry(identity: base.identity, reason: .noAddress)], availability: [base.identity.source: .noAddress])
        #expect(plan.rows.map(\.reason) == ["no usable address found: not created"])
    }
}
