import Logging
import ProxGuacCore
import ProxGuacNet
import ProxGuacSync

/// The menus' "Test auth": the probes and report of `proxguac test-auth`, as lines for the report screen.
struct TUITestAuth {
    let config: ProxGuacConfig
    let logger: Logger

    func lines() async throws -> [String] {
        // Every cluster (each with its own token), in config order, as `test-auth` does.
        let probes = config.clusters.map { cluster in
            ProxmoxAuthProbe(settings: cluster, startStoppedForDiscovery: config.network.startStoppedForDiscovery,
                             http: config.http, logger: logger)
        }
        async let proxmox = withTaskGroup(of: (Int, TestAuthReport.System).self) { group in
            for (index, probe) in probes.enumerated() { group.addTask { (index, await probe.run()) } }
            var systems: [(Int, TestAuthReport.System)] = []
            for await system in group { systems.append(system) }
            return systems.sorted { $0.0 < $1.0 }.map(\.1)
        }
        async let guacamole = GuacamoleAuthProbe(settings: config.guacamole, grant: config.sync.grant, http: config.http,
                                                 logger: logger).run()
        let report = TestAuthReport(systems: await proxmox + [await guacamole])
        var lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        lines.append("")
        lines.append(report.ok ? "ok: everything proxguac needs is granted"
                               : "failed: \(report.problemCount) problem(s): grant what is listed above and test again")
        return lines
    }
}

/// The menus' "Test network" for one MAC: the step-by-step chain of `proxguac test-network MAC`.
struct TUITestNetwork {
    let config: ProxGuacConfig
    let logger: Logger

    func lines(mac text: String) async throws -> [String] {
        let mac: MACAddress
        do {
            mac = try MACAddress.unicast(text)
        } catch {
            throw CommandFailure("not a usable MAC address: \(error) (e.g. bc:24:11:00:01:06)")
        }
        let command = try TestNetworkCommand.parse([mac.description])
        let report = await command.chainReport(for: mac, config: config, logger: logger,
                                               discovery: NeighbourDiscovery(settings: config.network))
        var lines = report.text.split(separator: "\n").map(String.init)
        if report.address == nil { lines.append("failed: no address found for \(mac): see the steps above") }
        return lines
    }
}
