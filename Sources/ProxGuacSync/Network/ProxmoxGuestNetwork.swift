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
        try await client.agentInterfaces(node: guest.node, vmid: guest.vmid)
    }

    /// `nil` when the container is stopped; the chain reports that as "not running".
    public func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]? {
        try await client.containerInterfaces(node: guest.node, vmid: guest.vmid)
    }

    // MARK: GuestPowerControl

    public func status(of guest: GuestReference) async throws -> GuestPowerState {
        let status = try await client.status(of: guest)
        switch (status.status, status.qmpStatus) {
        case ("stopped", _): return .stopped
        case ("running", nil), ("running", "running"): return .running
        default: return .other
        }
    }

    public func start(_ guest: GuestReference) async throws -> String {
        try await client.start(guest).value
    }

    public func stop(_ guest: GuestReference) async throws -> String {
        try await client.stop(guest).value
    }

    public func waitTask(_ upid: String, timeout: Duration) async throws {
        guard let task = ProxmoxUPID(upid) else {
            throw ProxmoxError.unexpectedResponse(request: "task status", detail: "not a task id")
        }
        _ = try await client.waitForTask(task, deadline: timeout)
    }

    // MARK: Conversions

    /// The guest's network devices from its config.
    public static func networkConfig(_ config: ProxmoxGuestConfig, kind: GuestReference.Kind) -> GuestNetworkConfig {
        GuestNetworkConfig(config: config.values, kind: kind)
    }
}
