import Foundation
import Logging
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacHTTP

/// The sync as one object: read both sides, plan, apply, remember.
///
///     let engine = try SyncEngine(config: config, logger: logger)
///     let lock = try engine.lock()            // exit 4 when another run holds it
///     let run = try await engine.plan(resolution: .report)
///     let report = await engine.apply(run)    // saves the state file and the audit log
public final class SyncEngine: Sendable {
    public let config: ProxGuacConfig
    public let proxmox: ProxmoxClient
    public let guacamole: GuacamoleClient
    let logger: Logger
    let environment: [String: String]

    public init(config: ProxGuacConfig, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.config = config
        self.logger = logger
        self.environment = environment
        let transport = HTTPTransport(configuration: Self.transportLimits(config), logger: logger)
        let retry = RetryPolicy(settings: config.http)
        proxmox = try ProxmoxClient(settings: config.proxmox, transport: transport, logger: logger, retry: retry)
        guacamole = try GuacamoleClient(settings: config.guacamole, transport: transport, logger: logger, retry: retry)
    }

    /// Timeouts (`http`) and connection limits for the shared transport: enough for the loaders' own limits, and one connection
    /// overall when `sync.concurrency` is 1 (`--concurrency 1`: one request at a time, the naive baseline).
    static func transportLimits(_ config: ProxGuacConfig) -> HTTPTransport.Configuration {
        let perHost = max(config.proxmox.maxConcurrentPerNode, config.sync.concurrency)
        let serial = config.sync.concurrency == 1 && config.proxmox.maxConcurrentPerNode == 1
        var limits = HTTPTransport.Configuration(settings: config.http, maxConnectionsPerHost: perHost)
        limits.maxConnections = serial ? 1 : max(limits.maxConnections, 2 * perHost)
        return limits
    }

    /// `sync.stateFile`.
    public var stateFile: String { config.sync.stateFile }
    /// The directory of the state file: lock and audit log live there too.
    public var stateDirectory: String {
        let directory = (stateFile as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
    /// `sync.auditLog` (or `--audit-log`), else `audit.jsonl` in the state directory.
    public var auditLogPath: String { config.sync.auditLog ?? stateDirectory + "/audit.jsonl" }

    /// Opens the audit log for appending; nil (with the reason in `problems`) when it cannot be opened,
    /// so a read-only log never stops a sync.
    public func openAuditLog(problems: inout [String]) -> AuditLog? {
        do {
            return try AuditLog(path: auditLogPath)
        } catch {
            problems.append("audit log not written: \(error)")
            return nil
        }
    }

    /// Takes the run lock (`<state dir>/lock`); throws `RunLock.Held` (exit 4) when another run has it.
    public func lock() throws -> RunLock {
        try RunLock.acquire(directory: stateDirectory)
    }

    /// Reads the last-sync state; a missing file is `.empty`.
    public func loadState() throws -> SyncState {
        guard let bytes = try AtomicFile.read(stateFile) else { return .empty }
        do {
            return try SyncState(stateFileBytes: bytes)
        } catch let error as SyncStateError {
            throw error
        } catch {
            throw LocalFileError(path: stateFile, reason: "not a proxguac state file (\(error)); delete it (identities are recovered from Guacamole)")
        }
    }

    /// Writes the state atomically (mode 0600).
    public func saveState(_ state: SyncState) throws {
        try AtomicFile.write(state.stateFileBytes(), to: stateFile)
    }

    /// Reads Proxmox and Guacamole (concurrently) and plans. Changes nothing.
    /// - Parameter progress: (guests read, guests selected) while Proxmox VE is read (the menus' loading count).
    public func plan(resolution: DriftResolution, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SyncRun {
        var proxmoxLoader = ProxmoxSnapshotLoader(
            client: proxmox, filter: config.sync.filter, perNodeLimit: config.proxmox.maxConcurrentPerNode,
            network: config.network, logger: logger)
        proxmoxLoader.progress = progress
        let guacamoleLoader = GuacamoleSnapshotLoader(
            client: guacamole, rootGroup: config.sync.rootGroup, concurrency: config.sync.concurrency)
        // The state file is read while the first requests are under way (a bad file still stops the run).
        async let stateRead = loadState()
        async let guestsRead = proxmoxLoader.load()
        async let guacamoleRead = guacamoleLoader.load()
        let state = try await stateRead
        let guests = try await guestsRead
        let observed = try await guacamoleRead

        let encryption = config.encryption
        let environment = self.environment
        let desiredSet = try DesiredSetBuilder(config: config) {
            try PasswordCipher.load(encryption, environment: environment)
        }.build(guests)
        let options = PlanOptions(
            rootGroup: config.sync.rootGroup, deleteOrphans: config.sync.deleteOrphans, resolution: resolution,
            grantUsers: config.sync.grant.users, grantGroups: config.sync.grant.groups)
        let plan = Planner.plan(
            desired: desiredSet.desired, blocked: desiredSet.blocked, observed: observed.connections,
            groups: observed.groups, availability: desiredSet.availability, state: state, options: options)
        return SyncRun(plan: plan, state: state, guests: guests, guacamole: observed,
                       desired: desiredSet.desired, problems: desiredSet.problems)
    }

    /// Applies the plan, then writes the audit log and the new state. Never throws: failures are in the report.
    /// - Parameter keeping: identities whose state records must stay as they were (left out of a scoped plan).
    public func apply(_ run: SyncRun, keeping: Set<ConnectionIdentity> = [],
                      progress: @Sendable (PlanAction, String?) -> Void = { _, _ in }) async -> ApplyReport {
        var problems: [String] = []
        let audit = openAuditLog(problems: &problems)
        let writer = NotesPullWriter(
            client: proxmox, guests: Dictionary(run.guests.map { ($0.facts.vmid, $0.reference) }, uniquingKeysWith: { a, _ in a }),
            encryptPassword: pulledPasswordEncryption())
        let applier = PlanApplier(guacamole: guacamole, notesWriter: writer, concurrency: config.sync.concurrency, logger: logger)
        var report = await applier.apply(run.plan) { steps in
            let now = Date()
            audit?.append(contentsOf: steps.map { action, failure in
                AuditRecord(time: now, action: "\(action.phase)", target: action.subject, fields: Self.fieldNames(action),
                            result: failure == nil ? "ok" : "failed", message: failure)
            })
            for (action, failure) in steps { progress(action, failure) }
        }
        report.localProblems += problems
        let next = run.state.updated(after: run.plan, createdIdentifiers: report.createdConnections,
                                     failed: report.unfinishedIdentities(of: run.plan).union(keeping), at: Date())
        do {
            try saveState(next)
        } catch {
            report.localProblems.append("state file not written: \(error)")
        }
        return report
    }

    /// `--pull` writes passwords encrypted with the configured key (file or environment); nil without a key.
    private func pulledPasswordEncryption() -> (@Sendable (Secret) throws -> String)? {
        let encryption = config.encryption
        let environment = self.environment
        let keyInEnvironment = !(environment[EncryptionSettings.keyEnvironmentVariable] ?? "").isEmpty
        guard encryption.keyFile != nil || keyInEnvironment else { return nil }
        return { secret in try PasswordCipher.load(encryption, environment: environment).encrypt(secret) }
    }

    private static func fieldNames(_ action: PlanAction) -> [String] {
        switch action.operation {
        case .createConnection(_, let fields, _, _): ["name", "protocol"] + fields.parameters.values.keys.sorted()
        case .updateConnection(_, _, _, _, _, let changed): changed
        case .pullIntoNotes(_, _, let changes, _): changes.map(\.field)
        default: []
        }
    }
}
