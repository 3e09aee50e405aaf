import Foundation
import Testing
import ProxGuacCore
@testable import ProxGuacNet

/// Issue 17 in an emulated LAN with real packets: discovery finds the address a guest has now, sweeps
/// stay within one budget and the target set, and a stopped guest costs no sweep.
@Suite("Discovery finds the current address, within the probe budget")
struct CurrentAddressTests {
    /// Stands in for Proxmox: no agent, and the guest's power state as the test sets it.
    struct NoAgent: GuestInterfaceSource {
        var guestIsRunning: Bool = true
        var agentAddresses: [String] = []
        struct AgentNotRunning: Error, CustomStringConvertible {
            var description: String { "QEMU guest agent is not running" }
        }
        func agentInterfaces(of guest: GuestReference) async throws -> [GuestInterface] {
            guard !agentAddresses.isEmpty else { throw AgentNotRunning() }
            return [GuestInterface(name: "eth0", mac: nil, addresses: agentAddresses.compactMap { PrefixedAddress(parsing: $0) })]
        }
        func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]? { nil }
    }

    static func query(_ mac: MACAddress, vmid: Int = 101) -> GuestAddressQuery {
        GuestAddressQuery(
            guest: GuestReference(node: "pve1", vmid: vmid, kind: .qemu),
            config: GuestNetworkConfig(config: ["net0": "virtio=\(mac),bridge=vmbr0", "ipconfig0": "ip=dhcp"], kind: .qemu))
    }

    static func settings(_ subnets: [String], maxProbes: Int = 256, timeoutMs: Int = 300) throws -> NetworkSettings {
        var settings = try SweepTests.options(subnets, timeoutMs: timeoutMs, rate: 5000)
        settings.maxProbes = maxProbes
        return settings
    }

    @Test("Item 1: while a started guest boots, the table is read again each attempt and its last address re-probed")
    func noCacheAcrossThePostStartWait() async throws {
        try await EmulatedLAN.with(answersPing: [true, true]) { lan in
            let guest = lan.hosts[0]
            try Shell.ip("-n", guest.namespace, "link", "set", "eth0", "down")  // "stopped": no NIC on the LAN
            let discovery = NeighbourDiscovery(network: lan.scanner, settings: try Self.settings(["198.51.100.0/27"]))
            let before = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: discovery)
            #expect(before.address == nil, "down, so neither the table nor the sweep knows it")

            // "Started": the guest comes up and talks to the host (a DHCP client would), which puts its MAC
            // into the host's table. The same discovery, polled as the post-start wait does, must see it.
            try Shell.ip("-n", guest.namespace, "link", "set", "eth0", "up")
            try Shell.run("ip", ["netns", "exec", guest.namespace, "ping", "-c", "1", "-W", "2", EmulatedLAN.scannerAddress.description])
            let after = await AddressPolling.untilFound(timeout: .seconds(20), interval: .milliseconds(500)) {
                await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: discovery)
            }
            #expect(after.address?.host == guest.address.description, "\(after.attempts)")

            // A silent guest that comes back where the previous run's sweep saw it: only a re-probe finds it.
            let silent = lan.hosts[1]
            try Shell.ip("-n", silent.namespace, "link", "set", "eth0", "down")
            try Shell.ip("-n", lan.scannerNamespace, "neigh", "flush", "dev", "eth0")
            let old = SweepMemo(time: Date(timeIntervalSinceNow: -7200), subnets: [try IPv4Subnet("198.51.100.0/27")], addresses: [silent.mac: silent.address])
            let second = NeighbourDiscovery(network: lan.scanner, settings: try Self.settings(["198.51.100.0/27"]), memo: old)
            let missing = await GuestAddressSteps.resolve(Self.query(silent.mac), proxmox: NoAgent(), discovery: second)
            #expect(missing.address == nil, "the memo is older than network.sweepInterval: a sweep ran and the guest was down")
            // The kernel retries the sweep's ARP for a while; once it gave up, only a new probe can find the guest.
            try Self.waitUntilNeighbourFailed(silent.address, in: lan.scannerNamespace)
            try Shell.ip("-n", silent.namespace, "link", "set", "eth0", "up")
            let found = await AddressPolling.untilFound(timeout: .seconds(20), interval: .milliseconds(500)) {
                await GuestAddressSteps.resolve(Self.query(silent.mac), proxmox: NoAgent(), discovery: second)
            }
            #expect(found.address?.host == silent.address.description, "\(found.attempts)")
            let log = await second.probeLog
            #expect(log.filter { $0 == silent.address }.count >= 2, "swept once, then re-probed while waiting: \(found.attempts)")
        }
    }

    /// "Proxmox" for one guest of the emulated LAN: starting it brings its link up and lets it talk to the
    /// host as a DHCP client would; stopping it takes the link down.
    actor LinkPower: GuestPowerControl {
        let namespace: String
        private(set) var state: GuestPowerState = .stopped
        init(namespace: String) { self.namespace = namespace }
        func status(of guest: GuestReference) async throws -> GuestPowerState { state }
        func start(_ guest: GuestReference) async throws -> String {
            try Shell.ip("-n", namespace, "link", "set", "eth0", "up")
            try Shell.run("ip", ["netns", "exec", namespace, "ping", "-c", "1", "-W", "2", EmulatedLAN.scannerAddress.description])
            state = .running
            return "UPID:start"
        }
        func stop(_ guest: GuestReference) async throws -> String {
            try Shell.ip("-n", namespace, "link", "set", "eth0", "down")
            state = .stopped
            return "UPID:stop"
        }
        func waitTask(_ upid: String, timeout: Duration) async throws {}
    }

    @Test("Item 1 through the power cycle: the guest started for discovery is found (not no-ip) and stopped again")
    func startedGuestFoundThroughThePowerCycle() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let guest = lan.hosts[0]
            try Shell.ip("-n", guest.namespace, "link", "set", "eth0", "down")
            let discovery = NeighbourDiscovery(network: lan.scanner, settings: try Self.settings(["198.51.100.0/27"]))
            let query = Self.query(guest.mac)
            // As the snapshot loader does: first the chain for a stopped guest, then the power cycle.
            let first = await GuestAddressSteps.resolve(query, proxmox: NoAgent(guestIsRunning: false), discovery: discovery)
            #expect(first.address == nil)
            let power = LinkPower(namespace: guest.namespace)
            let resolution = try await DiscoveryPowerCycle.withGuestRunning(query.guest, control: power) { _ in
                await AddressPolling.untilFound(timeout: .seconds(20), interval: .milliseconds(500)) {
                    await GuestAddressSteps.resolve(query, proxmox: NoAgent(), discovery: discovery)
                }
            }
            #expect(resolution.address?.host == guest.address.description, "\(resolution.attempts)")
            #expect(await power.state == .stopped, "stopped again after discovery")
        }
    }

    /// Polls (bounded) until the kernel marks the entry FAILED.
    static func waitUntilNeighbourFailed(_ address: IPv4Address, in namespace: String) throws {
        let end = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < end {
            if try Shell.run("ip", ["-n", namespace, "neigh", "show", address.description]).stdout.contains("FAILED") { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw LANSetupError(message: "the neighbour entry for \(address) never turned FAILED")
    }

    @Test("Item 2: a guest that moved from .11 to .21 is found on .21, by the table and by the sweep")
    func movedGuestFoundAtItsCurrentAddress() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let guest = lan.hosts[0]
            let scanner = lan.scanner
            let settings = try Self.settings(["198.51.100.0/27"])
            _ = try await scanner.probe([guest.address], settings: settings)  // the host knew it on .11
            let moved = IPv4Address(198, 51, 100, 21)
            try Shell.ip("-n", guest.namespace, "addr", "del", "\(guest.address)/24", "dev", "eth0")
            try Shell.ip("-n", guest.namespace, "addr", "add", "\(moved)/24", "broadcast", "198.51.100.255", "dev", "eth0")
            let unanswered = try await scanner.probe([guest.address], settings: settings)  // .11 is gone
            #expect(unanswered.responders.isEmpty)
            _ = try await scanner.probe([moved], settings: settings)

            let table = try await scanner.neighbours()
            let mine = table.filter { $0.mac == guest.mac }
            #expect(mine.contains { $0.address == .v4(moved) }, "\(mine)")
            if mine.count == 2 { #expect(NeighbourRanking.current(table, mac: guest.mac).first?.address == .v4(moved), "old .11 still in the table, ranked below") }
            let discovery = NeighbourDiscovery(network: scanner, settings: settings)
            let byTable = await GuestAddressSteps.neighbourTable(mac: guest.mac, discovery: discovery).lookup()
            #expect(byTable == .found(.v4(moved)), "the most recently confirmed entry, not the lowest address")

            let chain = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: NeighbourDiscovery(network: scanner, settings: settings))
            #expect(chain.address == ResolvedAddress(.v4(moved), source: .neighbourTable))
            // Once this run's sweep has answered, its answer beats whatever the table held.
            let swept = NeighbourDiscovery(network: scanner, settings: settings)
            _ = try await swept.sweepOnce()
            let afterSweep = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: swept)
            #expect(afterSweep.address == ResolvedAddress(.v4(moved), source: .sweep))
        }
    }

    @Test("Items 3 and 6 (property): across random configs no probe leaves for an address outside the budgeted targets")
    func probesStayInsideTheBudgetedTargetSet() async throws {
        try await EmulatedLAN.with(answersPing: [true, false, true]) { lan in
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            var generator = SystemRandomNumberGenerator()
            var everAllowed = Set<IPv4Address>()  // the kernel's ARP retries may trail a round
            let pool = ["198.51.100.0/27", "198.51.100.0/28", "198.51.100.16/28", "198.51.100.32/27", "198.51.100.8/29",
                        "198.51.100.1/32", "198.51.100.11/32", "auto"]
            for round in 0..<6 {
                let subnets = (0..<Int.random(in: 1...3, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
                let budget = Int.random(in: 1...70, using: &generator)
                let settings = try Self.settings(subnets, maxProbes: budget, timeoutMs: 150)
                let plan = try await lan.scanner.sweepPlan(settings, budget: budget)
                let allowed = Set(plan.targets())
                everAllowed.formUnion(allowed)
                #expect(allowed.count <= budget)
                #expect(!allowed.contains(EmulatedLAN.scannerAddress), "never the host itself")

                let discovery = NeighbourDiscovery(network: lan.scanner, settings: settings)
                let sight = try await discovery.sweepOnce()
                guard case .swept(let snapshot) = sight else {
                    Issue.record("round \(round): expected a sweep")
                    continue
                }
                let sent = capture.drain(from: EmulatedLAN.scannerMAC)
                #expect(snapshot.report.outcome.probesSent == allowed.count, "round \(round): \(subnets), budget \(budget)")
                #expect(sent.echoRequests.count <= budget, "round \(round): \(sent.echoRequests.count) echo requests, budget \(budget)")
                #expect(Set(sent.echoRequests).isSubset(of: allowed), "round \(round): echo requests outside \(subnets)/\(budget): \(Set(sent.echoRequests).subtracting(allowed))")
                #expect(Set(sent.arpRequests).isSubset(of: everAllowed), "round \(round): ARP requests outside the targets: \(Set(sent.arpRequests).subtracting(everAllowed))")
                #expect(await discovery.probeLog.count <= budget)
            }
        }
    }

    @Test("Item 3: four /22s ask for 4,088 probes; the run sends its budget and the neighbour table grows by no more")
    func oneBudgetForAllSubnets() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            // The scanner is on a /20 so that four /22s are on-link; the hosts stay on the /24 inside it.
            try Shell.ip("-n", lan.scannerNamespace, "addr", "add", "198.51.96.1/20", "dev", "eth0")
            var settings = try Self.settings(["198.51.96.0/22", "198.51.100.0/22", "198.51.104.0/22", "198.51.108.0/22"], maxProbes: 64, timeoutMs: 200)
            settings.allowLargeSweep = false
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            let report = try await lan.scanner.sweep(settings)
            #expect(report.budget == 64)
            #expect(report.outcome.probesSent == 64)
            #expect(report.skipped.contains { $0.contains("covers 64 of the 4088 addresses") }, "\(report.skipped)")
            // Absent addresses never see an echo request (it waits for ARP): each costs ARP requests instead.
            let sent = capture.drain(from: EmulatedLAN.scannerMAC)
            let targets = Set(try await lan.scanner.sweepPlan(settings, budget: 64).targets())
            #expect(Set(sent.arpRequests) == targets, "one ARP resolution per probe, for exactly the budgeted targets")
            let entries = try Shell.run("ip", ["-n", lan.scannerNamespace, "neigh", "show"]).stdout.split(separator: "\n").count
            #expect(entries <= 64, "one neighbour entry per probe at most, \(entries) found")
            // The default budget is never above 256, whatever maxProbes says, where the kernel limits cannot be read.
            var generous = settings
            generous.maxProbes = 10_000
            #expect(await lan.scanner.probeBudget(generous) <= 256)
        }
    }

    @Test("Item 4: an up interface wider than the budget is skipped with one line; auto still sweeps the rest")
    func autoSkipsWideInterfaces() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            // Like a docker0 bridge without carrier: up, a /16, nothing plugged in.
            try Shell.ip("-n", lan.scannerNamespace, "link", "add", "docker0", "type", "veth", "peer", "name", "docker0-peer")
            try Shell.ip("-n", lan.scannerNamespace, "addr", "add", "203.0.113.1/16", "dev", "docker0")
            try Shell.ip("-n", lan.scannerNamespace, "link", "set", "docker0", "up")
            // The LAN side as a /26, so that auto's subnet fits a small budget.
            try Shell.ip("-n", lan.scannerNamespace, "addr", "del", "\(EmulatedLAN.scannerAddress)/24", "dev", "eth0")
            try Shell.ip("-n", lan.scannerNamespace, "addr", "add", "\(EmulatedLAN.scannerAddress)/26", "dev", "eth0")
            let settings = try Self.settings(["auto"], maxProbes: 64, timeoutMs: 200)
            let plan = try await lan.scanner.sweepPlan(settings)
            #expect(plan.subnets.map(\.description) == ["198.51.100.0/26"])
            #expect(plan.skipped.count == 1)
            #expect(plan.skipped.first?.hasPrefix("skipping 203.0.0.0/16 on docker0 (auto): its 65534 addresses exceed the probe budget of 64") == true, "\(plan.skipped)")
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            let report = try await lan.scanner.sweep(settings)
            #expect(report.outcome.responders == [lan.hosts[0].address])
            #expect(!capture.drain(from: EmulatedLAN.scannerMAC).echoRequests.contains { $0.bytes[0] == 203 }, "nothing towards docker0's /16")
        }
    }

    @Test("Item 5: a stopped guest costs no sweep; a remembered sweep younger than sweepInterval replaces one")
    func sweepOnlyWhenNeeded() async throws {
        try await EmulatedLAN.with(answersPing: [false]) { lan in
            let guest = lan.hosts[0]
            let settings = try Self.settings(["198.51.100.0/27"])
            let capture = try await lan.executor(in: lan.scannerNamespace).run { _ throws(NetworkIOError) in try PacketCapture() }
            let idle = NeighbourDiscovery(network: lan.scanner, settings: settings)
            let stopped = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(guestIsRunning: false), discovery: idle)
            #expect(stopped.attempts.last?.result == .skipped("the guest is not running, so it cannot answer: no sweep for it"))
            #expect(await idle.probeLog.isEmpty)
            #expect(await idle.memoToRemember() == nil, "nothing swept, nothing to remember")

            // A running guest needs the sweep; its answers become the memo an applying run writes.
            let first = NeighbourDiscovery(network: lan.scanner, settings: settings)
            let found = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: first)
            #expect(found.address == ResolvedAddress(.v4(guest.address), source: .sweep))
            let memo = try #require(await first.memoToRemember())
            #expect(memo.addresses[guest.mac] == guest.address)
            #expect(memo.subnets.map(\.description) == ["198.51.100.0/27"])
            _ = capture.drain(from: EmulatedLAN.scannerMAC)

            // The next run within the interval: the guest is silent now (down), no sweep runs, the memo answers.
            try Shell.ip("-n", guest.namespace, "link", "set", "eth0", "down")
            try Shell.ip("-n", lan.scannerNamespace, "neigh", "flush", "dev", "eth0")
            let next = NeighbourDiscovery(network: lan.scanner, settings: settings, memo: memo)
            let reused = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: NoAgent(), discovery: next)
            #expect(reused.address == ResolvedAddress(.v4(guest.address), source: .sweep), "last resort: the remembered sweep")
            let sent = capture.drain(from: EmulatedLAN.scannerMAC)
            #expect(sent.echoRequests.count <= 1, "no sweep, at most one re-probe of the remembered address: \(sent.echoRequests)")
            #expect(await next.memoToRemember() == nil, "a reused memo is not rewritten (its time stays)")
        }
    }

    @Test("Item 8: an agent's ::ffff:a.b.c.d is used as IPv4 (and answers), ahead of a ULA")
    func ipv4MappedIsIPv4() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let guest = lan.hosts[0]
            var settings = try Self.settings(["198.51.100.0/27"])
            settings.ipv6 = true
            let agent = NoAgent(agentAddresses: ["fd00::11/64", "::ffff:\(guest.address)/120"])
            let resolution = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: agent, discovery: NeighbourDiscovery(network: lan.scanner, settings: settings))
            #expect(resolution.address == ResolvedAddress(.v4(guest.address), source: .agent))
            let answered = try await lan.scanner.probe([guest.address], settings: settings)
            #expect(answered.responders == [guest.address], "the chosen address is the guest's, reachable over IPv4")
            settings.preferIPv6 = true
            let preferred = await GuestAddressSteps.resolve(Self.query(guest.mac), proxmox: agent, discovery: NeighbourDiscovery(network: lan.scanner, settings: settings))
            #expect(preferred.address?.host == "fd00::11", "network.prefer: ipv6")
        }
    }
}
