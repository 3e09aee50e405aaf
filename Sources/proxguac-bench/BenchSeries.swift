import Foundation
import ProxGuacCore
import ProxGuacLab

/// One series of the four cases against a fresh lab: (a) first sync, (b) no-change re-sync,
/// (c) re-sync after 1% of the notes changed, (d) list.
struct BenchSeries {
    let options: BenchOptions
    let scenario: LabScenario
    /// nil: proxguac's defaults; 1: `--concurrency 1`.
    let concurrency: Int?
    /// How proxguac trusts the lab's certificate.
    var tls: BenchTLSMode = .caFile
    /// For `.caFileByName`: the /etc/hosts name of 127.0.0.1 the URLs use (the certificate names it too).
    var hostName: String?

    static let nodeWorkers = 3

    var label: String {
        (concurrency.map { "concurrency \($0)" } ?? "default") + (tls == .caFile ? "" : ", \(tls.rawValue)")
    }

    /// The cases, and how many connections the first sync left in Guacamole.
    func run(log: (String) -> Void) throws -> (cases: [CaseResult], connections: Int) {
        var labOptions = LabOptions()
        labOptions.latency = .milliseconds(options.latencyMilliseconds)
        labOptions.nodeWorkerLimit = Self.nodeWorkers
        labOptions.clusters = options.topology.clusters
        if let hostName { labOptions.certificateNames += ",DNS:\(hostName)" }
        let lab = try Lab.start(scenario, options: labOptions)
        defer { lab.stop() }
        lab.prepareAnswers()
        let directory = NSTemporaryDirectory() + "proxguac-bench-\(getpid())-\(concurrency ?? 0)-\(tls.rawValue.filter(\.isLetter))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var keepDirectory = false
        defer { if !keepDirectory { try? FileManager.default.removeItem(atPath: directory) } }
        let config = directory + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        let environment = try tls.prepare(config: config, lab: lab, directory: directory, hostName: hostName)
        let common = ["--config", config] + (concurrency.map { ["--concurrency", String($0)] } ?? [])

        var results: [CaseResult] = []
        func measure(_ name: String, _ arguments: [String]) throws {
            log("  \(label): \(name) …")
            let connectionsBefore = lab.proxmoxConnectionsAccepted()
            defer { log("    PVE connections opened: \(lab.proxmoxConnectionsAccepted() - connectionsBefore)") }
            let result = try measureCase(name, lab: lab, arguments: arguments + common, directory: directory,
                                         environment: environment)
            if result.exitStatus != 0 {
                keepDirectory = true
                log("  warning: proxguac exited with \(result.exitStatus); see \(directory) (kept)")
            }
            results.append(result)
        }
        try measure("(a) first sync", ["auto"])
        let connections = lab.guacamoleConnections().count - scenario.guacamole.connections.count
        // 1% of every cluster's guests (the clusters serve the same scenario).
        try measure("(b) no-change re-sync", ["auto"])
        for cluster in 0..<options.topology.clusters {
            for (vmid, notes) in scenario.notesChanges(percent: 1) { lab.setNotes(vmid: vmid, notes, cluster: cluster) }
        }
        try measure("(c) re-sync, 1% notes changed", ["auto"])
        try measure("(d) list", ["list"])
        return (results, connections)
    }

    private func measureCase(_ name: String, lab: Lab, arguments: [String], directory: String,
                             environment: [String: String]) throws -> CaseResult {
        let requestsBefore = lab.requestCounts()
        let nodesBefore = lab.requestsPerNode()
        let slug = String(name.dropFirst().prefix(1))
        let servedBefore = lab.requestTimeline().count
        let spawned = ContinuousClock.now
        let labCPUBefore = ChildProcess.ownCPU()
        let child = try ChildProcess.run(options.proxguac, arguments,
                                         stdout: "\(directory)/\(slug).out", stderr: "\(directory)/\(slug).err",
                                         environment: environment)
        let labCPU = ChildProcess.ownCPU() - labCPUBefore
        if options.phases {
            let started = spawned + child.startDelay
            let timeline = BenchTimeline(served: Array(lab.requestTimeline().dropFirst(servedBefore)), spawned: started,
                                         exited: started + child.wall)
            log(timeline.text)
        }
        let requests = Self.difference(lab.requestCounts(), requestsBefore)
        let perNode = Self.difference(lab.requestsPerNode(), nodesBefore)
        let proxmox = requests.filter { Self.isProxmox($0.key) }.values.reduce(0, +)
        let guacamole = requests.values.reduce(0, +) - proxmox
        let clientPerNode = concurrency ?? ProxmoxSettings.defaultMaxConcurrentPerNode
        let bound = BenchLowerBound(
            latency: lab.options.latency, nodeRequests: perNode, clusterRequests: proxmox - perNode.values.reduce(0, +),
            guacamoleRequests: guacamole, nodeWorkers: min(Self.nodeWorkers, clientPerNode),
            guacamoleConcurrency: concurrency ?? SyncSettings.defaultConcurrency)
        return CaseResult(
            name: name, series: label, exitStatus: child.exitStatus, wallSeconds: child.wall.inSeconds, cpuSeconds: child.cpu.inSeconds,
            labCPUSeconds: labCPU.inSeconds,
            peakRSSMegabytes: Double(child.peakRSSKilobytes) / 1024, requests: requests, proxmoxRequests: proxmox,
            proxmoxRequestsPerNode: perNode, guacamoleRequests: guacamole, boundSeconds: bound.total.inSeconds,
            boundProxmoxSeconds: bound.proxmox.inSeconds, boundGuacamoleSeconds: bound.guacamole.inSeconds,
            ratio: bound.ratio(wall: child.wall))
    }

    static func isProxmox(_ key: String) -> Bool {
        key.split(separator: " ").dropFirst().first?.hasPrefix("/api2") ?? false
    }

    static func difference(_ after: [String: Int], _ before: [String: Int]) -> [String: Int] {
        after.compactMapValues { $0 }.reduce(into: [:]) { result, entry in
            let delta = entry.value - (before[entry.key] ?? 0)
            if delta > 0 { result[entry.key] = delta }
        }
    }
}

extension Duration {
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
