import Foundation
import Logging
import Testing
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacLab
import ProxGuacSync

/// The lab (default scenario) plus a config pointing at it, with the state in a fresh temp directory.
struct SyncLab {
    let lab: Lab
    let config: ProxGuacConfig
    let directory: String
    /// The connections at Guacamole's ROOT when this value was made (the default scenario's hand-made
    /// "Office printer (manual)"): proxguac must never change them.
    let unmanagedAtStart: [LabGuacConnection]

    init(lab: Lab, config: ProxGuacConfig, directory: String) {
        self.lab = lab
        self.config = config
        self.directory = directory
        unmanagedAtStart = lab.guacamoleConnections().filter { $0.parentIdentifier == "ROOT" }
    }

    static func start(_ scenario: LabScenario? = nil, options: LabOptions = LabOptions(), maxPerNode: Int = 3) throws -> SyncLab {
        let lab = try Lab.start(try scenario ?? LabScenario.defaultScenario(), options: options)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let token = try #require(ProxmoxTokenID(LabDemoCredentials.proxmoxTokenID))
        let tls = TLSSettings(caFile: lab.caFile)
        let config = ProxGuacConfig(
            proxmox: ProxmoxSettings(
                url: try #require(URL(string: lab.proxmoxURL)),
                auth: .apiToken(token, secret: ConfiguredSecret(Secret(LabDemoCredentials.proxmoxTokenSecret), origin: .inline(keyPath: "test"))),
                tls: tls, maxConcurrentPerNode: maxPerNode),
            guacamole: GuacamoleSettings(
                url: try #require(URL(string: lab.guacamoleURL)), username: LabDemoCredentials.guacamoleAdmin,
                password: ConfiguredSecret(Secret(LabDemoCredentials.guacamoleAdminPassword), origin: .inline(keyPath: "test")),
                tls: tls),
            sync: SyncSettings(stateFile: directory + "/state.json"))
        return SyncLab(lab: lab, config: config, directory: directory)
    }

    func engine(environment: [String: String] = [:]) throws -> SyncEngine {
        try SyncEngine(config: config, logger: Logger(label: "proxguac.test"), environment: environment)
    }

    /// Plans and applies once; returns the run and the report.
    @discardableResult
    func sync(_ resolution: DriftResolution = .report, environment: [String: String] = [:]) async throws -> (SyncRun, ApplyReport) {
        let engine = try engine(environment: environment)
        let run = try await engine.plan(resolution: resolution, safety: RunSafety(applying: true))
        return (run, await engine.apply(run))
    }

    /// Connections in the lab under the managed root group, by name.
    func managedConnections() -> [String: LabGuacConnection] {
        let groups = lab.guacamoleGroups()
        var managed = Set(groups.filter { $0.parentIdentifier == "ROOT" && $0.name == config.sync.rootGroup }.map(\.identifier))
        while true {
            let next = managed.union(groups.filter { managed.contains($0.parentIdentifier) }.map(\.identifier))
            if next.count == managed.count { break }
            managed = next
        }
        return Dictionary(lab.guacamoleConnections().filter { managed.contains($0.parentIdentifier) }.map { ($0.name, $0) },
                          uniquingKeysWith: { a, _ in a })
    }

    /// Records an issue unless every connection that sat at ROOT when the lab started is still there,
    /// identical in name, parent, protocol, parameters and attributes, and no other appeared at ROOT.
    func assertUnmanagedUntouched(after step: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let now = lab.guacamoleConnections().filter { $0.parentIdentifier == "ROOT" }
        #expect(!unmanagedAtStart.isEmpty, "the scenario has no unmanaged connection to watch", sourceLocation: sourceLocation)
        #expect(now == unmanagedAtStart, "ROOT connections changed after \(step)", sourceLocation: sourceLocation)
    }

    func stop() {
        lab.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
