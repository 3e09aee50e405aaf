import Foundation
import Testing
import ProxGuacCore
@testable import ProxGuacNet

@Suite("Neighbour table and the address chain in an emulated LAN")
struct NeighbourTableTests {
    @Test("After a sweep the ARP table maps every host's MAC to its address, silent hosts included")
    func arpByMAC() async throws {
        try await EmulatedLAN.with(answersPing: [true, false, true]) { lan in
            #expect(try await lan.scanner.neighbours().isEmpty)
            _ = try await lan.scanner.sweep(try SweepTests.options(["198.51.100.0/27"], timeoutMs: 500))
            let table = try await lan.scanner.neighbours()
            let selection = AddressSelection(allowIPv6: false)
            for host in lan.hosts {
                #expect(selection.best(from: table, mac: host.mac) == .v4(host.address), "host \(host.address) (answers ping: \(host.answersPing))")
            }
            #expect(Set(table.map(\.device)) == ["eth0"])
            #expect(table.count == lan.hosts.count, "absent addresses leave no complete entry")
        }
    }

    /// Stands in for the Proxmox client: the agent is not running, the container is stopped.
    struct UnreachableGuest: GuestInterfaceSource {
        struct AgentNotRunning: Error, CustomStringConvertible {
            var description: String { "QEMU guest agent is not running" }
        }
        func agentInterfaces(of guest: GuestReference) async throws -> [GuestInterface] { throw AgentNotRunning() }
        func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]? { nil }
    }

    @Test("The chain falls through agent, config and ARP to the sweep for a silent DHCP guest")
    func chainFindsSilentGuestBySweep() async throws {
        try await EmulatedLAN.with(answersPing: [true, false]) { lan in
            let silent = lan.hosts[1]
            let options = try SweepTests.options(["198.51.100.0/27"], timeoutMs: 500)
            let discovery = NeighbourDiscovery(network: lan.scanner, settings: options)
            let query = GuestAddressQuery(
                guest: GuestReference(node: "pve1", vmid: 101, kind: .qemu),
                config: GuestNetworkConfig(config: ["net0": "virtio=\(silent.mac),bridge=vmbr0", "ipconfig0": "ip=dhcp"], kind: .qemu)
            )
            let resolution = await GuestAddressSteps.resolve(query, proxmox: UnreachableGuest(), discovery: discovery)
            #expect(resolution.address == ResolvedAddress(.v4(silent.address), source: .sweep))
            #expect(resolution.attempts.map(\.source) == [.agent, .lxcInterfaces, .staticConfig, .neighbourTable, .sweep])
            #expect(resolution.attempts[0].result == .failed("QEMU guest agent is not running"))
            #expect(resolution.attempts[2].result == .nothing("ipconfig0 has no static ip= (dhcp or unset)"))
            guard case .nothing = resolution.attempts[3].result else {
                Issue.record("ARP must be empty before the sweep: \(resolution.attempts[3].result)")
                return
            }

            // A second guest in the same run reuses the sweep and finds the other host from the fresh table.
            let other = lan.hosts[0]
            let second = GuestAddressQuery(
                guest: GuestReference(node: "pve1", vmid: 200, kind: .lxc),
                config: GuestNetworkConfig(config: ["net0": "name=eth0,bridge=vmbr0,hwaddr=\(other.mac),ip=dhcp"], kind: .lxc)
            )
            let found = await GuestAddressSteps.resolve(second, proxmox: UnreachableGuest(), discovery: discovery)
            #expect(found.address == ResolvedAddress(.v4(other.address), source: .sweep))
            #expect(found.attempts[1].result == .nothing("the container is not running"))
        }
    }

    @Test("Without sweep subnets the sweep step is skipped, saying why")
    func noSweepByDefault() async throws {
        try await EmulatedLAN.with(answersPing: [true]) { lan in
            let discovery = NeighbourDiscovery(network: lan.scanner, settings: NetworkSettings())
            let step = GuestAddressSteps.sweep(mac: lan.hosts[0].mac, discovery: discovery)
            #expect(await step.lookup() == .skipped("network.sweepSubnets is empty (the default): no sweep"))
        }
    }
}

@Suite("RTM_GETNEIGH dump parsing")
struct NeighbourDumpTests {
    /// One RTM_NEWNEIGH message as the kernel sends it (little-endian host).
    static func message(sequence: UInt32, state: UInt16, address: [UInt8]?, mac: [UInt8]?, confirmedTicks: UInt32?, ifindex: Int32 = 2) -> [UInt8] {
        var attributes: [UInt8] = []
        func attribute(_ type: UInt16, _ value: [UInt8]) {
            attributes += NeighbourDump.le16(UInt16(4 + value.count)) + NeighbourDump.le16(type) + value
            while attributes.count % 4 != 0 { attributes.append(0) }
        }
        if let address { attribute(1, address) }
        if let mac { attribute(2, mac) }
        if let confirmedTicks { attribute(3, NeighbourDump.le32(confirmedTicks) + NeighbourDump.le32(0) + NeighbourDump.le32(0) + NeighbourDump.le32(1)) }
        let ndmsg: [UInt8] = [2, 0, 0, 0] + NeighbourDump.le32(UInt32(bitPattern: ifindex)) + NeighbourDump.le16(state) + [0, 1]
        let body = ndmsg + attributes
        return NeighbourDump.le32(UInt32(16 + body.count)) + NeighbourDump.le16(28) + NeighbourDump.le16(2) + NeighbourDump.le32(sequence) + NeighbourDump.le32(0) + body
    }

    @Test("States, MACs and confirmation ages are read; entries without a MAC, other sequences and DONE are handled")
    func parse() throws {
        let mac: [UInt8] = [0x02, 0x50, 0x47, 0, 0, 1]
        var bytes = Self.message(sequence: 7, state: 0x02, address: [198, 51, 100, 11], mac: mac, confirmedTicks: 150)
        bytes += Self.message(sequence: 7, state: 0x04, address: [198, 51, 100, 21], mac: mac, confirmedTicks: 60_000)
        bytes += Self.message(sequence: 7, state: 0x20, address: [198, 51, 100, 30], mac: nil, confirmedTicks: 10)   // FAILED: no MAC
        bytes += Self.message(sequence: 9, state: 0x02, address: [198, 51, 100, 99], mac: mac, confirmedTicks: 1)    // not ours
        let part = NeighbourDump.parse(bytes[...], sequence: 7) { "eth\($0)" }
        #expect(!part.done && part.error == nil)
        #expect(part.entries.map(\.address.description) == ["198.51.100.11", "198.51.100.21"])
        #expect(part.entries.map(\.state) == [.reachable, .stale])
        #expect(part.entries.map(\.confirmedAgo) == [.milliseconds(1500), .seconds(600)])
        #expect(part.entries.first?.device == "eth2")
        let done = NeighbourDump.le32(20) + NeighbourDump.le16(3) + NeighbourDump.le16(2) + NeighbourDump.le32(7) + NeighbourDump.le32(0) + NeighbourDump.le32(0)
        #expect(NeighbourDump.parse(done[...], sequence: 7) { _ in "" }.done)
        let failure = NeighbourDump.le32(20) + NeighbourDump.le16(2) + NeighbourDump.le16(0) + NeighbourDump.le32(7) + NeighbourDump.le32(0) + NeighbourDump.le32(UInt32(bitPattern: -13))
        #expect(NeighbourDump.parse(failure[...], sequence: 7) { _ in "" }.error == 13)
        #expect(NeighbourDump.parse(bytes[..<20], sequence: 7) { _ in "" }.entries.isEmpty, "a truncated message is ignored, not a crash")
    }

    @Test("The live table over netlink matches what `ip neigh` shows, with states")
    func liveTableMatchesIPNeigh() async throws {
        try await EmulatedLAN.with(answersPing: [true, false]) { lan in
            _ = try await lan.scanner.probe(lan.hosts.map(\.address), settings: try SweepTests.options(["198.51.100.0/27"], timeoutMs: 200))
            // `ip neigh` just before and just after the netlink read: an entry may age (REACHABLE -> STALE)
            // in between, so its state must match one of the two.
            let before = try Shell.run("ip", ["-n", lan.scannerNamespace, "neigh", "show", "dev", "eth0"]).stdout
            let table = try await lan.scanner.neighbours()
            let shown = before + "\n" + (try Shell.run("ip", ["-n", lan.scannerNamespace, "neigh", "show", "dev", "eth0"]).stdout)
            for entry in table {
                #expect(shown.contains("\(entry.address) lladdr \(entry.mac.lowercased) \(entry.state.rawValue)"), "\(entry) vs \(shown)")
            }
            #expect(Set(table.map(\.mac)) == Set(lan.hosts.map(\.mac)))
            #expect(table.allSatisfy { $0.confirmedAgo != nil }, "every entry carries its confirmation age (NDA_CACHEINFO)")
        }
    }

    @Test("The kernel cap is half of gc_thresh2 and at most a quarter of gc_thresh3 (read only, no packets)")
    func kernelCap() throws {
        func read(_ name: String) -> Int? {
            (try? String(contentsOfFile: "/proc/sys/net/ipv4/neigh/default/\(name)", encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        if let soft = read("gc_thresh2"), let hard = read("gc_thresh3") {
            #expect(NeighbourTable.kernelProbeCap() == max(1, min(soft / 2, hard / 4)))
        } else {
            #expect(NeighbourTable.kernelProbeCap() == 256, "256 when the limits cannot be read")
        }
    }
}
