import Logging
import Testing
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacLab
import ProxGuacNet
import ProxGuacSync

/// The Proxmox side of address discovery, over real HTTPS against the lab on 127.0.0.1.
@Suite("ProxmoxGuestNetwork against the lab")
struct ProxmoxGuestNetworkTests {
    private func withLab(_ body: (Lab, ProxmoxGuestNetwork) async throws -> Void) async throws {
        let scenario = try LabScenario.defaultScenario()
        let lab = try Lab.start(scenario, options: LabOptions())
        defer { lab.stop() }
        let token = try #require(scenario.proxmox.tokens.first { $0.tokenid == "proxguac@pve!sync" })
        let logger = Logger(label: "proxguac.test")
        let client = try ProxmoxClient(
            baseURL: lab.proxmoxURL,
            auth: .apiToken(try #require(ProxmoxTokenID(token.tokenid)),
                            secret: ConfiguredSecret(Secret(token.secret), origin: .inline(keyPath: "test"))),
            tls: TLSOptions(caFile: lab.caFile), transport: HTTPTransport(logger: logger), logger: logger
        )
        try await body(lab, ProxmoxGuestNetwork(client: client))
    }

    private let selection = AddressSelection(allowIPv6: false)

    @Test("The agent step finds a running VM's address by its net0 MAC; a stopped container gives nothing")
    func interfaces() async throws {
        try await withLab { _, proxmox in
            let web = GuestReference(node: "pve1", vmid: 101, kind: .qemu)
            let config = GuestNetworkConfig(config: ["net0": "virtio=BC:24:11:10:01:01,bridge=vmbr0"], kind: .qemu)
            let agent = GuestAddressSteps.agent(GuestAddressQuery(guest: web, config: config), proxmox: proxmox, selection: selection)
            let expected = try IPAddress("198.51.100.21")
            let found = await agent.lookup()
            #expect(found == .found(expected))

            let stopped = GuestReference(node: "pve3", vmid: 202, kind: .lxc)
            let interfaces = try await proxmox.containerInterfaces(of: stopped)
            #expect(interfaces == nil)
            let states = (try await proxmox.status(of: stopped), try await proxmox.status(of: web))
            #expect(states == (.stopped, .running))
        }
    }

    @Test("startStoppedForDiscovery: a stopped VM is started, its agent polled for an address, and it is stopped again")
    func powerCycle() async throws {
        try await withLab { lab, proxmox in
            let database = GuestReference(node: "pve2", vmid: 102, kind: .qemu)
            #expect(lab.guestStatus(vmid: 102) == "stopped")
            let query = GuestAddressQuery(guest: database, config: GuestNetworkConfig(config: ["net0": "virtio=BC:24:11:10:01:02,bridge=vmbr0"], kind: .qemu))
            let selection = self.selection
            let resolution = try await DiscoveryPowerCycle.withGuestRunning(database, control: proxmox) { started in
                #expect(started)
                #expect(lab.guestStatus(vmid: 102) == "running")
                return await AddressPolling.untilFound(timeout: .seconds(30), interval: .milliseconds(100)) {
                    await AddressChain.resolve([GuestAddressSteps.agent(query, proxmox: proxmox, selection: selection)])
                }
            }
            #expect(resolution.address == ResolvedAddress(host: "198.51.100.22", source: .agent))
            #expect(lab.guestStatus(vmid: 102) == "stopped")
        }
    }
}
