import Foundation
import Glibc

/// A Guacamole connection as the lab holds it (what a test inspects).
public struct LabGuacConnection: Sendable, Equatable {
    public var identifier: String
    public var name: String
    public var parentIdentifier: String
    public var `protocol`: String
    /// Stored (non-empty) parameters, passwords in clear text.
    public var parameters: [String: String]
    /// Set JDBC attributes (unset ones left out).
    public var attributes: [String: String]
}

public struct LabGuacGroup: Sendable, Equatable {
    public var identifier: String
    public var name: String
    public var parentIdentifier: String
    public var type: String
}

/// Object permissions granted directly (not inherited), keyed by object identifier.
public struct LabGuacGrants: Sendable, Equatable {
    public var connections: [String: Set<String>]
    public var connectionGroups: [String: Set<String>]
}

/// The lab: an emulated Proxmox VE and an emulated Apache Guacamole, each on its own
/// 127.0.0.1 port, over HTTPS with one self-signed certificate (or plain HTTP). Thread-safe.
///
/// ```swift
/// let lab = try Lab.start(try LabScenario.defaultScenario())
/// defer { lab.stop() }
/// // lab.proxmoxURL + "/api2/json/version", trust lab.caFile or pin lab.fingerprint
/// ```
public final class Lab: Sendable {
    /// `https://127.0.0.1:PORT` (clients append `/api2/json/…`): the first (or only) cluster.
    public let proxmoxURL: String
    /// Every emulated cluster's URL (``LabOptions/clusters``), the first being ``proxmoxURL``.
    public let clusterURLs: [String]
    /// `https://127.0.0.1:PORT/guacamole`.
    public let guacamoleURL: String
    /// PEM file of the self-signed certificate, usable as a client CA file ("" with plain HTTP).
    public let caFile: String
    /// SHA-256 of the DER certificate, `AB:CD:…` ("" with plain HTTP).
    public let fingerprint: String
    /// The options the lab runs with (the Guacamole version resolved from the scenario if unset).
    public let options: LabOptions

    let proxmox: ProxmoxEmulator
    /// The clusters after the first (``LabOptions/clusters`` − 1), each with its own server.
    private let otherClusters: [ProxmoxEmulator]
    let guacamole: GuacamoleEmulator
    private let faults: FaultInjector
    private let proxmoxCounter = RequestCounter()
    private let guacamoleCounter = RequestCounter()
    private let timeline = RequestTimeline()
    private let servers: [HTTPServer]
    private let temporaryDirectory: String

    private init(scenario: LabScenario, options: LabOptions) throws(LabError) {
        try scenario.validate()
        guard let profile = ProxmoxProfile(options.proxmoxVersion) else {
            throw .scenarioInvalid("Proxmox version '\(options.proxmoxVersion)' is not one of \(ProxmoxProfile.supported.joined(separator: ", "))")
        }
        let guacamoleVersion = options.guacamoleVersion
        guard guacamoleVersion.hasPrefix("1.5") || guacamoleVersion.hasPrefix("1.6") else {
            throw .scenarioInvalid("Guacamole version '\(guacamoleVersion)' is not 1.5.x or 1.6.0")
        }
        signal(SIGPIPE, SIG_IGN)
        self.options = options
        let identity = options.useTLS ? try TLSIdentity(names: options.certificateNames) : nil
        fingerprint = identity?.fingerprint ?? ""
        temporaryDirectory = NSTemporaryDirectory() + "proxguac-lab-\(getpid())-\(UUID().uuidString)"
        if let identity {
            caFile = temporaryDirectory + "/lab-ca.pem"
            do {
                try FileManager.default.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
                try identity.certificatePEM.write(toFile: caFile, atomically: true, encoding: .utf8)
            } catch {
                throw .tls("could not write the certificate to \(caFile)")
            }
        } else {
            caFile = ""
        }
        faults = FaultInjector(options.faults)
        proxmox = ProxmoxEmulator(scenario: scenario, options: options, profile: profile, faults: faults,
                                  counter: proxmoxCounter, fingerprint: fingerprint)
        guacamole = GuacamoleEmulator(scenario: scenario.guacamole, version: guacamoleVersion, options: options,
                                      faults: faults, counter: guacamoleCounter)
        let proxmoxServer = try HTTPServer(
            port: options.proxmoxPort, identity: identity,
            behaviour: ServerBehaviour(sendsContinue: false, maxRequestsPerConnection: 100, closesOnError: true, fixedHeaders: [
                ("Server", "pve-api-daemon/3.0"), ("Cache-Control", "max-age=0"), ("Pragma", "no-cache"),
            ]),
            handler: timeline.recording(.proxmox) { [proxmox] in proxmox.handle($0) })
        let guacamoleServer = try HTTPServer(
            port: options.guacamolePort, identity: identity,
            behaviour: ServerBehaviour(sendsContinue: true, maxRequestsPerConnection: 100, closesOnError: false, fixedHeaders: []),
            handler: timeline.recording(.guacamole) { [guacamole] in guacamole.handle($0) })
        var clusterServers: [HTTPServer] = []
        var otherClusters: [ProxmoxEmulator] = []
        for _ in 1..<max(1, options.clusters) {
            let emulator = ProxmoxEmulator(scenario: scenario, options: options, profile: profile, faults: faults,
                                           counter: proxmoxCounter, fingerprint: fingerprint)
            otherClusters.append(emulator)
            clusterServers.append(try HTTPServer(
                port: 0, identity: identity,
                behaviour: ServerBehaviour(sendsContinue: false, maxRequestsPerConnection: 100, closesOnError: true, fixedHeaders: [
                    ("Server", "pve-api-daemon/3.0"), ("Cache-Control", "max-age=0"), ("Pragma", "no-cache"),
                ]),
                handler: timeline.recording(.proxmox) { emulator.handle($0) }))
        }
        self.otherClusters = otherClusters
        servers = [proxmoxServer, guacamoleServer] + clusterServers
        let scheme = options.useTLS ? "https" : "http"
        proxmoxURL = "\(scheme)://127.0.0.1:\(proxmoxServer.port)"
        clusterURLs = [proxmoxURL] + clusterServers.map { "\(scheme)://127.0.0.1:\($0.port)" }
        guacamoleURL = "\(scheme)://127.0.0.1:\(guacamoleServer.port)/guacamole"
    }

    /// Starts both servers; throws when the certificate or a port cannot be set up.
    public static func start(_ scenario: LabScenario, options: LabOptions = .init()) throws(LabError) -> Lab {
        var resolved = options
        if let version = scenario.guacamole.version, options.guacamoleVersion == LabOptions().guacamoleVersion {
            resolved.guacamoleVersion = version
        }
        let lab = try Lab(scenario: scenario, options: resolved)
        for server in lab.servers { server.start() }
        return lab
    }

    /// Stops both servers (open and hung requests end) and removes the certificate file.
    public func stop() {
        for server in servers { server.stop() }
        try? FileManager.default.removeItem(atPath: temporaryDirectory)
    }

    deinit { stop() }

    // MARK: inspection and mutation for tests

    /// The emulated cluster at `index` (0: the first, ``proxmoxURL``).
    private func cluster(_ index: Int) -> ProxmoxEmulator {
        index == 0 ? proxmox : otherClusters[index - 1]
    }

    /// Writes every cluster's per-guest answers (config, agent and container interfaces) ahead of the first
    /// request, so that a first sync costs the lab no more CPU per request than a re-sync (the benchmark calls
    /// it; the answers are the same either way, and are rebuilt whenever a guest changes).
    public func prepareAnswers() {
        for index in clusterURLs.indices { cluster(index).prepareAnswers() }
    }

    /// The guest's notes as the API returns them (nil: no notes or no such guest).
    public func notes(vmid: Int, cluster index: Int = 0) -> String? {
        cluster(index).state.withLock { $0.guests[vmid]?.notes }
    }

    /// Replaces the guest's notes as a web-UI edit would (the config digest changes).
    public func setNotes(vmid: Int, _ text: String, cluster index: Int = 0) {
        let emulator = cluster(index)
        let legacy = emulator.profile.legacyPercent
        emulator.state.withLock { $0.guests[vmid]?.setNotes(text, legacyPercent: legacy) }
    }

    /// Stops the server of cluster `index` (≥ 1): its port then refuses connections, as a cluster that is down.
    public func stopCluster(_ index: Int) {
        precondition(index >= 1 && index < clusterURLs.count, "cluster \(index) is not an extra cluster of this lab")
        servers[index + 1].stop()
    }

    /// The guest's current config digest (nil: no such guest).
    public func configDigest(vmid: Int) -> String? {
        proxmox.state.withLock { $0.guests[vmid]?.digest }
    }

    /// The guest's run state (`running`, `stopped`, …), after finished tasks are applied.
    public func guestStatus(vmid: Int) -> String? {
        proxmox.state.withLock { state in
            state.settleTasks()
            return state.guests[vmid]?.status
        }
    }

    /// Sets a raw config key (e.g. `lock` = `backup`); nil removes it. The digest changes.
    public func setConfig(vmid: Int, key: String, _ value: String?) {
        proxmox.state.withLock { $0.guests[vmid]?.options[key] = value }
    }

    public func guacamoleConnections() -> [LabGuacConnection] {
        guacamole.state.withLock { state in
            state.connections.values.sorted { (Int($0.identifier) ?? 0) < (Int($1.identifier) ?? 0) }.map {
                LabGuacConnection(identifier: $0.identifier, name: $0.name, parentIdentifier: $0.parentIdentifier,
                                  protocol: $0.protocol, parameters: $0.parameters,
                                  attributes: $0.attributes.compactMapValues { $0 })
            }
        }
    }

    public func guacamoleGroups() -> [LabGuacGroup] {
        guacamole.state.withLock { state in
            state.groups.values.sorted { (Int($0.identifier) ?? 0) < (Int($1.identifier) ?? 0) }.map {
                LabGuacGroup(identifier: $0.identifier, name: $0.name, parentIdentifier: $0.parentIdentifier, type: $0.type)
            }
        }
    }

    /// Guacamole sessions still open: logged in and neither logged out nor found expired.
    public func guacamoleOpenSessions() -> Int {
        guacamole.state.withLock { $0.sessions.count }
    }

    /// The time step of every TOTP login the lab accepted for `username`, in order.
    public func guacamoleTOTPStepsAccepted(_ username: String) -> [Int64] {
        guacamole.state.withLock { $0.acceptedTOTPSteps[username] ?? [] }
    }

    /// Every Guacamole auth token the lab has issued, oldest first.
    public func guacamoleTokensIssued() -> [String] {
        guacamole.state.withLock { $0.issuedTokens }
    }

    /// READ, UPDATE, DELETE or ADMINISTER granted directly to a Guacamole user group, by connection and
    /// by connection group identifier; nil when the group does not exist.
    public func guacamoleUserGroupGrants(_ group: String) -> LabGuacGrants? {
        guacamole.state.withLock { state in
            state.userGroups[group].map {
                LabGuacGrants(connections: $0.connectionPermissions, connectionGroups: $0.connectionGroupPermissions)
            }
        }
    }

    /// Simulates a web-UI edit: the connection's parameters are replaced.
    public func editConnection(identifier: String, parameters: [String: String]) {
        guacamole.state.withLock { $0.connections[identifier]?.parameters = parameters.filter { !$0.value.isEmpty } }
    }

    public func setNodeOnline(_ node: String, _ online: Bool) {
        proxmox.state.withLock { state in
            if state.nodesOnline[node] != nil { state.nodesOnline[node] = online }
        }
    }

    /// Replaces the faults now; the random sequence restarts from the new seed.
    public func setFaults(_ faults: LabFaults) {
        self.faults.replace(faults)
    }

    /// Requests served per `METHOD /route/template` on both servers, e.g.
    /// `GET /api2/json/nodes/{node}/qemu/{vmid}/config` or `POST /guacamole/api/session/data/{ds}/connections`.
    public func requestCounts() -> [String: Int] {
        proxmoxCounter.snapshot().merging(guacamoleCounter.snapshot(), uniquingKeysWith: +)
    }

    /// Every request served so far on both servers, with when it started and finished.
    public func requestTimeline() -> [ServedRequest] { timeline.snapshot() }

    /// The highest number of PVE requests seen in flight at once for each node (never above
    /// ``LabOptions/nodeWorkerLimit``).
    public func peakConcurrentRequestsPerNode() -> [String: Int] {
        proxmox.workers.peaks()
    }

    /// Connections the Proxmox servers (every cluster's) accepted so far: with TLS, one handshake each.
    public func proxmoxConnectionsAccepted() -> Int {
        servers.enumerated().filter { $0.offset != 1 }.reduce(0) { $0 + $1.element.acceptedConnections }
    }

    /// PVE requests served so far for each node's paths (`/nodes/{node}/…`), the ones the node
    /// worker limit applies to. With several clusters each node is keyed `lab2/pve1` (the clusters' node
    /// names repeat, and each cluster's nodes have their own workers); the first cluster's nodes keep plain names
    /// when it is the only one.
    public func requestsPerNode() -> [String: Int] {
        guard !otherClusters.isEmpty else { return proxmox.workers.totals() }
        var totals: [String: Int] = [:]
        for index in clusterURLs.indices {
            for (node, count) in cluster(index).workers.totals() {
                totals["\(LabConfigWriter.clusterName(index))/\(node)"] = count
            }
        }
        return totals
    }
}
