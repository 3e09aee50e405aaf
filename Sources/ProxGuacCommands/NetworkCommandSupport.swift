import Foundation
import Logging
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacSync

/// What `wake` and `test-network` share: optional config, the Proxmox client, finding guests by VM id or MAC.
enum NetworkCommandSupport {
    /// The config when one is named (`--config`, `$PROXGUAC_CONFIG`) or present in the search path; `nil`
    /// when there is none, because the local steps (ARP, sweep, Wake-on-LAN by MAC) work without it.
    static func optionalConfig(_ globals: GlobalOptions, loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> ProxGuacConfig? {
        let named = globals.config != nil || !(loader.environment[ConfigLoader.environmentVariable] ?? "").isEmpty
        guard named || loader.searchPaths.contains(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        return try globals.loadConfig(loader: loader).config
    }

    /// A Proxmox client for the configured server, with the config's `http` timeout and retry policy.
    static func proxmoxClient(_ settings: ProxmoxSettings, http: HTTPSettings, logger: Logger) throws(ProxmoxError) -> ProxmoxClient {
        try ProxmoxClient(
            settings: settings,
            transport: HTTPTransport(configuration: .init(settings: http, maxConnectionsPerHost: settings.maxConcurrentPerNode),
                                     logger: logger),
            logger: logger, retry: RetryPolicy(settings: http))
    }
}

/// A guest and the `netN` device that has a given MAC.
struct GuestNetDevice: Sendable {
    var resource: ProxmoxGuestResource
    var config: ProxmoxGuestConfig
    var netIndex: Int
    var mac: MACAddress

    var reference: GuestReference { resource.reference }

    /// `qemu 100 on pve1 "web", net0`.
    var summary: String {
        "\(reference)" + ((resource.name ?? config.name).map { " \"\($0)\"" } ?? "") + ", net\(netIndex)"
    }
}

/// Finds guests in the cluster by VM id or by MAC.
struct GuestDirectory: Sendable {
    let client: ProxmoxClient

    /// The MAC of `net<netIndex>` of the guest with this VM id.
    func device(vmid: Int, netIndex: Int) async throws -> GuestNetDevice {
        guard let resource = try await client.guests().first(where: { $0.vmid == vmid }) else {
            throw CommandFailure("Proxmox VE has no guest with VM id \(vmid): check the id with `proxguac list`")
        }
        let config = try await client.config(of: resource.reference)
        let network = ProxmoxGuestNetwork.networkConfig(config, kind: resource.reference.kind)
        guard let mac = network.devices[netIndex]?.mac else {
            throw CommandFailure("\(resource.reference) has no net\(netIndex) with a MAC address: pick another with --net N, or pass the MAC")
        }
        return GuestNetDevice(resource: resource, config: config, netIndex: netIndex, mac: mac)
    }

    /// The guest whose config has this MAC, and how many guests could not be checked (node offline, ...).
    func owner(of mac: MACAddress) async throws -> (owner: GuestNetDevice?, unchecked: Int, checked: Int) {
        let guests = try await client.guests()
        let client = self.client
        return await withTaskGroup(of: (GuestNetDevice?, Bool).self) { group in
            var next = guests.makeIterator()
            var owner: GuestNetDevice?
            var unchecked = 0
            // A few configs at a time: one small GET per guest.
            for _ in 0..<8 {
                guard let resource = next.next() else { break }
                group.addTask { await Self.match(resource, mac: mac, client: client) }
            }
            while let (found, ok) = await group.next() {
                if !ok { unchecked += 1 }
                if owner == nil, let found { owner = found }
                if let resource = next.next() {
                    group.addTask { await Self.match(resource, mac: mac, client: client) }
                }
            }
            return (owner, unchecked, guests.count)
        }
    }

    private static func match(_ resource: ProxmoxGuestResource, mac: MACAddress, client: ProxmoxClient) async -> (GuestNetDevice?, Bool) {
        guard let config = try? await client.config(of: resource.reference) else { return (nil, false) }
        let network = ProxmoxGuestNetwork.networkConfig(config, kind: resource.reference.kind)
        guard let device = network.device(withMAC: mac) else { return (nil, true) }
        return (GuestNetDevice(resource: resource, config: config, netIndex: device.index, mac: mac), true)
    }
}
