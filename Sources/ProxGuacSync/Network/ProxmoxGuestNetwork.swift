import ProxGuacCore
import ProxGuacHTTP
import ProxGuacNet

/// The Proxmox side of address discovery and of `network.startStoppedForDiscovery`, backed by the
/// Proxmox client: agent and LXC interfaces for the address chain, power calls for the power cycle.
public struct ProxmoxGuestNetwork: GuestInterfaceSource, GuestPowerControl {
    public let client: ProxmoxClient

    public init(client: ProxmoxClient) {
        self.client = client
    }

    // MARK: GuestInterfaceSource

    public func agentInterfaces(of guest: GuestReference) async throws -> [GuestInterface] {
        try await client.agentInterfaces(node: guest.node, vmid: guest.vmid).map(Self.guestInterface)
    }

    /// The client answers a stopped container with no interfaces; the chain reports that as "not running".
    public func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]? {
        let interfaces = try await client.containerInterfaces(node: guest.node, vmid: guest.vmid)
        return interfaces.isEmpty ? nil : interfaces.map(Self.guestInterface)
    }

    // MARK: GuestPowerControl

    public func status(of guest: GuestReference) async throws -> GuestPowerState {
        let status = try await client.status(of: Self.id(guest))
        switch (status.status, status.qmpStatus) {
        case ("stopped", _): return .stopped
        case ("running", nil), ("running", "running"): return .running
        default: return .other
        }
    }

    public func start(_ guest: GuestReference) async throws -> String {
        try await client.start(Self.id(guest)).value
    }

    public func stop(_ guest: GuestReference) async throws -> String {
        try await client.stop(Self.id(guest)).value
    }

    public func waitTask(_ upid: String, timeout: Duration) async throws {
        guard let task = ProxmoxUPID(upid) else {
            throw ProxmoxError.unexpectedResponse(request: "task status", detail: "not a task id")
        }
        _ = try await client.waitForTask(task, deadline: timeout)
    }

    // MARK: Conversions

    public static func id(_ guest: GuestReference) -> ProxmoxGuestID {
        ProxmoxGuestID(node: guest.node, type: guest.kind == .qemu ? .qemu : .lxc, vmid: guest.vmid)
    }

    public static func reference(_ id: ProxmoxGuestID) -> GuestReference {
        GuestReference(node: id.node, vmid: id.vmid, kind: id.type == .qemu ? .qemu : .lxc)
    }

    /// The client's interface as the address rules see it (addresses that do not parse are dropped).
    public static func guestInterface(_ interface: ProxmoxInterface) -> GuestInterface {
        GuestInterface(
            name: interface.name,
            mac: interface.macAddress.flatMap { try? MACAddress($0) },
            addresses: interface.addresses.compactMap { entry in
                guard let address = try? IPAddress(entry.address) else { return nil }
                return PrefixedAddress(address: address, prefixLength: entry.prefix ?? (address.isIPv4 ? 32 : 128))
            }
        )
    }

    /// The guest's network devices from its config.
    public static func networkConfig(_ config: ProxmoxGuestConfig, kind: GuestReference.Kind) -> GuestNetworkConfig {
        GuestNetworkConfig(config: config.values, kind: kind)
    }
}
