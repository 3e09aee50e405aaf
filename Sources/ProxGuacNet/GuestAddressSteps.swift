import ProxGuacCore

/// The Proxmox calls the address chain needs. The sync layer implements it with the Proxmox client.
public protocol GuestInterfaceSource: Sendable {
    /// QEMU `agent/network-get-interfaces`. Throw on any agent error (the step records it, the chain moves on).
    func agentInterfaces(of guest: GuestReference) async throws -> [GuestInterface]
    /// LXC `interfaces`; `nil` when the container is stopped (`{"data":null}`). Throw on 501 (PVE < 8.1) etc.
    func containerInterfaces(of guest: GuestReference) async throws -> [GuestInterface]?
    /// `false` when the guest is known not to run: the sweep step is then skipped (a stopped guest
    /// cannot answer, so it never costs a sweep).
    var guestIsRunning: Bool { get }
}

extension GuestInterfaceSource {
    public var guestIsRunning: Bool { true }
}

/// One guest whose address is wanted.
public struct GuestAddressQuery: Sendable, Hashable {
    public var guest: GuestReference
    public var config: GuestNetworkConfig
    /// The `netN` the credential entry uses (default `net0`).
    public var netIndex: Int
    /// `host:"…"` from the notes: skips the chain.
    public var pinnedHost: String?
    /// `false` when the config has no `agent` enabled: the agent step is skipped instead of failing slowly.
    public var agentEnabled: Bool

    public init(guest: GuestReference, config: GuestNetworkConfig, netIndex: Int = 0, pinnedHost: String? = nil, agentEnabled: Bool = true) {
        self.guest = guest
        self.config = config
        self.netIndex = netIndex
        self.pinnedHost = pinnedHost
        self.agentEnabled = agentEnabled
    }

    /// The MAC of the device the entry uses.
    public var mac: MACAddress? { config.devices[netIndex]?.mac }
}

/// Builds the steps of the address chain (agent, LXC interfaces, static config, ARP, sweep).
public enum GuestAddressSteps {
    /// Resolves one guest: the pinned host if there is one, else the first step that finds an address.
    public static func resolve(_ query: GuestAddressQuery, proxmox: any GuestInterfaceSource, discovery: NeighbourDiscovery) async -> AddressResolution {
        if let pinned = query.pinnedHost { return .pinned(pinned) }
        return await AddressChain.resolve(standard(for: query, proxmox: proxmox, discovery: discovery))
    }

    /// Every step, in chain order, for this guest.
    public static func standard(for query: GuestAddressQuery, proxmox: any GuestInterfaceSource, discovery: NeighbourDiscovery) -> [AddressLookupStep] {
        let selection = discovery.settings.selection
        let mac = query.mac
        return [
            agent(query, proxmox: proxmox, selection: selection),
            containerInterfaces(query, proxmox: proxmox, selection: selection),
            staticConfig(query, selection: selection),
            neighbourTable(mac: mac, discovery: discovery, sweepFollows: proxmox.guestIsRunning),
            sweep(mac: mac, discovery: discovery, guestIsRunning: proxmox.guestIsRunning),
        ]
    }

    public static func agent(_ query: GuestAddressQuery, proxmox: any GuestInterfaceSource, selection: AddressSelection) -> AddressLookupStep {
        guard query.guest.kind == .qemu else { return .skipped(.agent, "not a QEMU VM") }
        guard query.agentEnabled else { return .skipped(.agent, "the guest agent is not enabled in the VM config") }
        return AddressLookupStep(.agent) {
            do {
                let interfaces = try await proxmox.agentInterfaces(of: query.guest)
                return pick(from: interfaces, mac: query.mac, selection: selection)
            } catch {
                return .failed(oneLine(error))
            }
        }
    }

    public static func containerInterfaces(_ query: GuestAddressQuery, proxmox: any GuestInterfaceSource, selection: AddressSelection) -> AddressLookupStep {
        guard query.guest.kind == .lxc else { return .skipped(.lxcInterfaces, "not a container") }
        return AddressLookupStep(.lxcInterfaces) {
            do {
                guard let interfaces = try await proxmox.containerInterfaces(of: query.guest) else {
                    return .nothing("the container is not running")
                }
                return pick(from: interfaces, mac: query.mac, selection: selection)
            } catch {
                return .failed(oneLine(error))
            }
        }
    }

    public static func staticConfig(_ query: GuestAddressQuery, selection: AddressSelection) -> AddressLookupStep {
        let key = query.guest.kind == .qemu ? "ipconfig\(query.netIndex)" : "net\(query.netIndex)"
        guard let device = query.config.devices[query.netIndex] else { return .skipped(.staticConfig, "the config has no net\(query.netIndex)") }
        if let address = selection.best(from: device) { return AddressLookupStep(.staticConfig) { .found(address) } }
        return AddressLookupStep(.staticConfig) { .nothing("\(key) has no static ip= (dhcp or unset)") }
    }

    /// - Parameter sweepFollows: the sweep step runs after this one (the guest runs), so an answer to this
    ///   run's sweep is left to it; otherwise that answer is taken here.
    public static func neighbourTable(mac: MACAddress?, discovery: NeighbourDiscovery, sweepFollows: Bool = true) -> AddressLookupStep {
        guard let mac else { return .skipped(.neighbourTable, "no MAC known for this interface") }
        return AddressLookupStep(.neighbourTable) {
            // An answer to this run's sweep is fresher than anything the table held before it.
            if let swept = await discovery.finishedSweep?.answers[mac] {
                guard sweepFollows else { return .found(.v4(swept)) }
                return .nothing("\(mac) answered this run's sweep on \(swept), which beats the table (see the sweep step)")
            }
            do {
                let entries = try await discovery.neighbours()
                if let address = discovery.settings.selection.best(from: entries, mac: mac) { return .found(address) }
                return .nothing(tableReason(entries, mac: mac, families: discovery.settings.selection.wantedFamilies))
            } catch {
                return .failed(oneLine(error))
            }
        }
    }

    /// The sweep step: this run's sweep (once), then re-probes of the guest's candidate addresses, then the
    /// remembered sweep of an earlier run as the last resort.
    public static func sweep(mac: MACAddress?, discovery: NeighbourDiscovery, guestIsRunning: Bool = true) -> AddressLookupStep {
        guard let mac else { return .skipped(.sweep, "no MAC known for this interface") }
        guard !discovery.settings.sweepSubnets.isEmpty else { return .skipped(.sweep, "network.sweepSubnets is empty (the default): no sweep") }
        guard guestIsRunning else { return .skipped(.sweep, "the guest is not running, so it cannot answer: no sweep for it") }
        let selection = discovery.settings.selection
        return AddressLookupStep(.sweep) {
            let sight: SweepSight
            do {
                sight = try await discovery.sweepOnce()
            } catch {
                return .failed(oneLine(error))
            }
            var seen: String
            switch sight {
            case .swept(let snapshot):
                if let address = snapshot.answers[mac] { return .found(.v4(address)) }
                seen = "\(SweepSummary.text(snapshot.report)); no answer from \(mac)"
            case .remembered(let memo):
                seen = "reusing the sweep of \(memo.time.formatted(.iso8601)) (network.sweepInterval \(discovery.settings.sweepIntervalSeconds) s)"
            }
            // Later attempts (a guest started for discovery, polled while it boots) re-probe where it was.
            if let fresh = await discovery.reprobe(mac) {
                if let address = selection.best(from: fresh, mac: mac) { return .found(address) }
                seen += "; its candidate addresses did not answer"
            }
            if case .remembered(let memo) = sight, let remembered = memo.addresses[mac] {
                return .found(.v4(remembered))
            }
            return .nothing(seen)
        }
    }

    /// Why the table gave nothing: what it holds for the MAC, if anything.
    static func tableReason(_ entries: [NeighbourEntry], mac: MACAddress, families: String) -> String {
        let mine = entries.filter { $0.mac == mac }
        let count = "\(entries.count) \(entries.count == 1 ? "entry" : "entries") in the table"
        guard !mine.isEmpty else { return "no neighbour entry for \(mac) (\(count))" }
        let states = mine.map { "\($0.address) \($0.state.rawValue)" }.joined(separator: ", ")
        return "no confirmed, usable \(families) neighbour entry for \(mac): \(states) (\(count))"
    }

    static func pick(from interfaces: [GuestInterface], mac: MACAddress?, selection: AddressSelection) -> AddressStepResult {
        if let address = selection.best(from: interfaces, mac: mac) { return .found(address) }
        let names = interfaces.map(\.name).joined(separator: ", ")
        let which = mac.map { mac in interfaces.contains { $0.mac == mac } ? "the interface with \(mac)" : "any interface (none has \(mac))" } ?? "any interface"
        return .nothing("no usable address on \(which); interfaces: \(names.isEmpty ? "none" : names)")
    }

    /// The first line of an error's description (errors from other modules may be longer).
    public static func oneLine(_ error: any Error) -> String {
        String(String(describing: error).split(whereSeparator: \.isNewline).first ?? "unknown error")
    }
}

/// One-line sweep summaries shared by the chain and the commands.
public enum SweepSummary {
    /// `3 of 254 hosts answered on 198.51.100.0/24 in 1.03 s (raw socket)`.
    public static func text(_ report: SweepReport) -> String {
        let outcome = report.outcome
        if report.subnets.isEmpty {
            return (["nothing to sweep"] + report.skipped).joined(separator: "; ")
        }
        var text = "\(outcome.responders.count) of \(outcome.probesSent) hosts answered on "
            + report.subnets.map(\.description).joined(separator: ", ")
            + " in \(seconds(report.duration)) (\(outcome.socketKind.rawValue) socket, budget \(report.budget) probes)"
        if outcome.probesRefused > 0 {
            text += "; \(outcome.probesRefused) probes refused: \(outcome.firstRefusal ?? "unknown reason")"
        }
        if !report.skipped.isEmpty { text += "; " + report.skipped.joined(separator: "; ") }
        return text
    }

    /// `1.03 s`.
    public static func seconds(_ duration: Duration) -> String {
        let value = duration / .seconds(1)
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}
