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
