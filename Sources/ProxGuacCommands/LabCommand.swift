import ArgumentParser
import Foundation
import ProxGuacLab

/// `proxguac lab`: runs the emulated Proxmox VE + Guacamole on 127.0.0.1 until SIGINT/SIGTERM.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run an emulated Proxmox VE and Apache Guacamole on 127.0.0.1 for trying proxguac safely.",
        discussion: "The demo credentials are documented in docs/lab.md."
    )

    @Option(name: .long, help: "Scenario JSON file (default: assets/lab-default.json).")
    var scenario: String?

    @Option(name: .long, help: "Instead of a scenario file, generate this many guests (the benchmark scenario).")
    var generated: Int?

    @Option(name: .customLong("latency-ms"), help: "Latency added to every request, in milliseconds.")
    var latencyMilliseconds = 0

    @Flag(name: .long, help: "Serve plain HTTP instead of HTTPS.")
    var http = false

    @Option(name: .customLong("proxmox-port"), help: "Port of the emulated Proxmox VE (0 picks a free one).")
    var proxmoxPort = 0

    @Option(name: .customLong("guacamole-port"), help: "Port of the emulated Guacamole (0 picks a free one).")
    var guacamolePort = 0

    @Option(name: .customLong("guacamole-version"), help: "Emulated Guacamole version: 1.5.5 or 1.6.0.")
    var guacamoleVersion = "1.6.0"

    @Option(name: .customLong("proxmox-version"), help: "Emulated PVE version profile: 7.4, 8.0, 8.2, 8.4 or 9.1.")
    var proxmoxVersion = "9.1"

    @Option(name: .customLong("fault"), help: ArgumentHelp(
        "Inject a fault (repeatable), e.g. guacamole:5xx=0.05, proxmox:timeout=0.01, guacamole:token-expiry-after=200, node:pve2=offline, digest-race:vmid=101.",
        valueName: "spec"))
    var faults: [String] = []

    @Option(name: .long, help: "Run this many emulated Proxmox VE clusters (1-8), each on its own port with the same guests.")
    var clusters = 1

    @Option(name: .customLong("write-config"), help: "Write a ready proxguac config for this lab to FILE (mode 0600).")
    var writeConfig: String?

    func validate() throws {
        guard latencyMilliseconds >= 0 else { throw ValidationError("--latency-ms must be 0 or more") }
        for (name, port) in [("--proxmox-port", proxmoxPort), ("--guacamole-port", guacamolePort)] where !(0...65_535).contains(port) {
            throw ValidationError("\(name) must be between 0 and 65535")
        }
        guard (1...8).contains(clusters) else { throw ValidationError("--clusters must be between 1 and 8") }
        if let generated, !(1...100_000).contains(generated) { throw ValidationError("--generated must be between 1 and 100000") }
        if generated != nil, scenario != nil { throw ValidationError("use either --scenario or --generated, not both") }
        guard ["7.4", "8.0", "8.2", "8.4", "9.1"].contains(proxmoxVersion) else {
            throw ValidationError("--proxmox-version must be one of 7.4, 8.0, 8.2, 8.4, 9.1")
        }
        guard ["1.5.5", "1.6.0"].contains(guacamoleVersion) else {
            throw ValidationError("--guacamole-version must be 1.5.5 or 1.6.0")
        }
        do {
            _ = try LabFaultSpec.parse(faults)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let loaded = try generated.map { LabScenario.generated(guests: $0) }
            ?? scenario.map { try LabScenario.load(path: $0) } ?? LabScenario.defaultScenario()
        var options = LabOptions()
        options.latency = .milliseconds(latencyMilliseconds)
        options.useTLS = !http
        options.proxmoxPort = proxmoxPort
        options.guacamolePort = guacamolePort
        options.guacamoleVersion = guacamoleVersion
        options.proxmoxVersion = proxmoxVersion
        options.faults = try LabFaultSpec.parse(faults)
        options.clusters = clusters
        let lab = try Lab.start(loaded, options: options)
        defer { lab.stop() }

        if lab.clusterURLs.count == 1 {
            print("Proxmox VE:  \(lab.proxmoxURL)   (API under /api2/json)")
        } else {
            for (index, url) in lab.clusterURLs.enumerated() {
                print("Proxmox VE:  \(url)   (cluster \(LabConfigWriter.clusterName(index)), API under /api2/json)")
            }
        }
        print("Guacamole:   \(lab.guacamoleURL)   (Guacamole \(lab.options.guacamoleVersion))")
        if !lab.caFile.isEmpty {
            print("CA file:     \(lab.caFile)")
            print("Fingerprint: \(lab.fingerprint)")
        }
        print("PVE tokens:  \(loaded.proxmox.tokens.map(\.tokenid).joined(separator: ", "))")
        print("Guacamole:   users \(loaded.guacamole.users.map(\.username).joined(separator: ", "))")
        print("Demo credentials: docs/lab.md.")
        if !faults.isEmpty { print("Faults:      \(faults.joined(separator: ", "))") }
        if let writeConfig {
            let written = try LabConfigWriter(lab: lab, scenario: loaded).write(to: writeConfig)
            print("Config:      \(written.joined(separator: ", "))")
        }
        print("Press Ctrl-C to stop.")
        fflush(nil)
        await SignalWaiter.waitForTermination()
        print("Lab stopped.")
    }
}

/// Suspends until SIGINT or SIGTERM arrives.
enum SignalWaiter {
    static func waitForTermination() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
