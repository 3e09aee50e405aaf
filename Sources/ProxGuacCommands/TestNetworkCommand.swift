import ArgumentParser
import Foundation
import Logging
import ProxGuacCore
import ProxGuacNet
import ProxGuacSync

/// `proxguac test-network <MAC>`: walk the address chain for one MAC and show every step.
struct TestNetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-network",
        abstract: "Walk the address chain for a MAC and show each step with its timing and result.",
        discussion: """
        Steps: which guest owns the MAC, its QEMU guest agent or LXC interfaces, its static config, the \
        neighbour table (netlink), and an ICMP sweep of network.sweepSubnets (within network.maxProbes) \
        followed by the table again. Every step \
        runs, so you see what each source knows; the first one that found an address is the answer. \
        Without a config only the local steps (ARP, sweep) run. Exit code 1 when no step found an address.
        """
    )

    static let schemaVersion = 1

    @OptionGroup var globals: GlobalOptions

    @Argument(help: ArgumentHelp("The MAC address, such as BC:24:11:5E:7A:01.", valueName: "mac"))
    var mac: String

    @Option(name: .customLong("subnet"), help: ArgumentHelp("Sweep this subnet (CIDR, or auto); repeat for more. Replaces network.sweepSubnets.", valueName: "cidr"))
    var subnets: [String] = []

    @Flag(help: "Allow sweeping subnets larger than /22 (network.allowLargeSweep).")
    var allowLarge = false

    @Option(help: ArgumentHelp("How long to wait for replies after the last probe (network.sweepTimeoutMs).", valueName: "ms"))
    var timeoutMs: Int?

    @Option(help: ArgumentHelp("Probes per second (network.sweepRate).", valueName: "n"))
    var rate: Int?

    @Flag(help: "Do not sweep, even when subnets are configured.")
    var noSweep = false

    @Flag(help: "Print one JSON document on stdout instead of text.")
    var json = false

    func validate() throws {
        if let timeoutMs, !(1...60_000).contains(timeoutMs) { throw ValidationError("--timeout-ms must be 1-60000") }
        if let rate, !(1...10_000).contains(rate) { throw ValidationError("--rate must be 1-10000") }
    }

    func run() async throws {
        try await withErrorReporting {
            let logger = try bootstrapLogging(globals)
            let mac: MACAddress
            do { mac = try MACAddress.unicast(self.mac) } catch { throw CommandFailure.usage("\(error)") }
            let config = try NetworkCommandSupport.optionalConfig(globals)
            let discovery = NeighbourDiscovery(settings: try effectiveSettings(config?.network ?? NetworkSettings()))

            let report = await chainReport(for: mac, config: config, logger: logger, discovery: discovery)
            print(json ? try report.jsonText() : report.text)
            guard report.address != nil else {
                throw CommandFailure("no address found for \(mac): see the steps above")
            }
        }
    }

    /// Walks the whole chain for `mac` and reports every step (the CLI and the TUI's Test network show this).
    func chainReport(for mac: MACAddress, config: ProxGuacConfig?, logger: Logger, discovery: NeighbourDiscovery) async -> NetworkTestReport {
        let (owner, ownerStep) = await findOwner(of: mac, config: config, logger: logger)
        let resolution = await AddressChain.resolve(chainSteps(for: mac, owner: owner, hasConfig: config != nil, discovery: discovery), walkAll: true)
        let swept = resolution.attempts.contains { $0.source == .sweep && !$0.result.isSkipped }
        let sweep = swept ? await discovery.finishedSweep?.report : nil
        return NetworkTestReport(mac: mac, ownerStep: ownerStep, resolution: resolution, sweep: sweep)
    }

    /// The guest whose config has the MAC (with the Proxmox adapter to ask about it), and the `owner` row.
    func findOwner(of mac: MACAddress, config: ProxGuacConfig?, logger: Logger) async -> ((GuestNetDevice, ProxmoxGuestNetwork)?, NetworkTestReport.Step) {
        guard let config else {
            return (nil, .init(step: "owner", outcome: "skipped", detail: "no config file: Proxmox steps skipped", duration: .zero))
        }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            // Every cluster in config order: the first whose guest config has the MAC owns it.
            var unchecked = 0
            var checked = 0
            for cluster in config.clusters {
                let client = try NetworkCommandSupport.proxmoxClient(cluster, http: config.http, logger: logger)
                let search = try await GuestDirectory(client: client).owner(of: mac)
                unchecked += search.unchecked
                checked += search.checked
                let unread = unchecked > 0 ? " (\(unchecked) of \(checked) guests could not be read)" : ""
                guard let owner = search.owner else { continue }
                let which = cluster.name.map { "cluster \($0.text): " } ?? ""
                return ((owner, ProxmoxGuestNetwork(client: client)), .init(step: "owner", outcome: "found", detail: which + owner.summary + unread, duration: clock.now - started))
            }
            let unread = unchecked > 0 ? " (\(unchecked) of \(checked) guests could not be read)" : ""
            return (nil, .init(step: "owner", outcome: "nothing", detail: "no guest config has this MAC" + unread, duration: clock.now - started))
        } catch {
            return (nil, .init(step: "owner", outcome: "failed", detail: String(describing: error), duration: clock.now - started))
        }
    }

    /// The whole chain for the owning guest; only the local steps when no guest owns the MAC.
    func chainSteps(for mac: MACAddress, owner: (GuestNetDevice, ProxmoxGuestNetwork)?, hasConfig: Bool, discovery: NeighbourDiscovery) -> [AddressLookupStep] {
        guard let (device, proxmox) = owner else {
            let reason = hasConfig ? "no guest owns this MAC" : "no config file"
            return [
                .skipped(.agent, reason), .skipped(.lxcInterfaces, reason), .skipped(.staticConfig, reason),
                GuestAddressSteps.neighbourTable(mac: mac, discovery: discovery),
                GuestAddressSteps.sweep(mac: mac, discovery: discovery),
            ]
        }
        let query = GuestAddressQuery(
            guest: device.reference,
            config: ProxmoxGuestNetwork.networkConfig(device.config, kind: device.reference.kind),
            netIndex: device.netIndex,
            agentEnabled: device.reference.kind == .lxc || device.config.agentEnabled
        )
        return GuestAddressSteps.standard(for: query, proxmox: proxmox, discovery: discovery)
    }

    /// The config's `network` settings with the command-line overrides applied.
    private func effectiveSettings(_ configured: NetworkSettings) throws(CommandFailure) -> NetworkSettings {
        var settings = configured
        if !subnets.isEmpty {
            settings.sweepSubnets = []
            for text in subnets {
                do { settings.sweepSubnets.append(try SweepTarget(text)) } catch { throw CommandFailure.usage("--subnet: \(error)") }
            }
        }
        if noSweep { settings.sweepSubnets = [] }
        if allowLarge { settings.allowLargeSweep = true }
        if let timeoutMs { settings.sweepTimeoutMs = timeoutMs }
        if let rate { settings.sweepRate = rate }
        return settings
    }
}

extension AddressStepResult {
    var isSkipped: Bool {
        if case .skipped = self { return true }
        return false
    }
}
