import ArgumentParser
import ProxGuacCore
import ProxGuacHTTP

/// `proxguac test-auth`: log in to Proxmox VE and Guacamole and check every privilege proxguac needs.
struct TestAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-auth",
        abstract: "Log in to Proxmox VE and Guacamole and check the privileges proxguac needs.",
        discussion: """
        For each system: reachable, how TLS is trusted (verified, pinned, unverified), version, identity, and the \
        permissions that matter. Proxmox VE: VM.Audit, VM.Config.Options, VM.Monitor (PVE 7/8) or \
        VM.GuestAgent.Audit (PVE 9), and VM.PowerMgmt when network.startStoppedForDiscovery is on, checked on /vms \
        and else on every visible guest; each missing one is named with the pveum line that grants it. \
        Guacamole: CREATE_CONNECTION and CREATE_CONNECTION_GROUP (or ADMINISTER) in the data source. \
        Exit code 0 when everything needed is there, 1 otherwise. Secrets are never printed.
        """
    )

    /// Version of the `--json` document layout.
    static let schemaVersion = 1

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let logger = try bootstrapLogging(globals)
            let config = try globals.loadConfig().config
            let proxmoxTLS = config.clusters.enumerated().map { index, cluster in
                (config.clusters.count > 1 ? "proxmox[\(index)]" : "proxmox", cluster.tls)
            }
            for (name, tls) in proxmoxTLS + [("guacamole", config.guacamole.tls)] where tls.isInsecure {
                reportWarning("\(name).tls.verify is false: the server's identity is not checked; set tls.caFile or tls.fingerprint")
            }
            // Every cluster (each with its own token) is checked, concurrently, in config order.
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
                                                     logger: logger, stateFile: config.sync.stateFile).run()
            let report = TestAuthReport(systems: await proxmox + [await guacamole])
            print(json ? try report.jsonText() : report.text)
            guard report.ok else {
                throw CommandFailure("test-auth found \(report.problemCount) problem(s): grant what is listed above and run it again")
            }
        }
    }
}
