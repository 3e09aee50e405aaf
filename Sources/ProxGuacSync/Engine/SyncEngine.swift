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
        proxmox = try ProxmoxClient(settings: config.syncableCluster(), transport: transport, logger: logger, retry: retry)
        guacamole = try GuacamoleClient(settings: config.guacamole, transport: transport, logger: logger, retry: retry,
                                        stateDirectory: Self.directory(of: config.sync.stateFile))
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
    public var stateDirectory: String { Self.directory(of: stateFile) }

    public static func directory(of stateFile: String) -> String {
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

    /// Reads Proxmox and Guacamole (concurrently) and plans. Changes nothing in Guacamole, the notes or the
    /// state; only a `safety.applying` run may start a stopped guest for discovery (and stops it again).
    /// - Parameter progress: (guests read, guests selected) while Proxmox VE is read (the menus' loading count).
    /// - Throws: `SyncStateBindingError` (exit 2) when the state belongs to another Guacamole and not `safety.rebind`.
    public func plan(resolution: DriftResolution, safety: RunSafety = RunSafety(),
                     progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SyncRun {
        // The state file is read while the first requests are under way (a bad file still stops the run).
        let stateRead = Task { try loadState() }
        var proxmoxLoader = ProxmoxSnapshotLoader(
            client: proxmox, filter: config.sync.filter, perNodeLimit: config.proxmox.maxConcurrentPerNode,
            network: config.network, logger: logger, mayStartGuests: safety.applying, audit: discoveryAudit(safety),
            sweepMemo: { try? await stateRead.value.sweepMemo })
        proxmoxLoader.progress = progress
        let guacamoleLoader = GuacamoleSnapshotLoader(
            client: guacamole, rootGroup: config.sync.rootGroup, concurrency: config.sync.concurrency)
        async let guestsRead = proxmoxLoader.load()
        async let guacamoleRead = guacamoleLoader.load()
        async let scopeRead = auditScope()
        let loadedState = try await stateRead.value
        let guests = try await guestsRead
        let observed = try await guacamoleRead
        let scope = await scopeRead
        HeapTuning.releaseFreedMemory()  // the answers are read: their buffers go back before the plan is built
        let binding = SyncStateServer(guacamoleURL: guacamole.baseURL, dataSource: try await guacamole.login(),
                                      rootGroup: config.sync.rootGroup)
        var state = try StateBinding.bound(loadedState, to: binding, rebind: safety.rebind)

        let encryption = config.encryption
        let environment = self.environment
        var desiredBuilder = DesiredSetBuilder(config: config, ownAddresses: ownAddresses(), sightings: state.ciphertexts) {
            try PasswordCipher.load(encryption, environment: environment)
        }
        desiredBuilder.recordedAddresses = state.recordedAddresses
        let desiredSet = try desiredBuilder.build(guests, observed: observed.connections)
        state.ciphertexts = desiredSet.ciphertexts
        let options = PlanOptions(
            rootGroup: config.sync.rootGroup, deleteOrphans: config.sync.deleteOrphans, resolution: resolution,
            grantUsers: config.sync.grant.users, grantGroups: config.sync.grant.groups)
        var unguarded = Planner.plan(
            desired: desiredSet.desired, blocked: desiredSet.blocked, observed: observed.connections,
            groups: observed.groups, availability: desiredSet.availability, state: state, options: options)
        var problems = desiredSet.problems
        if !config.sync.grant.users.isEmpty || !config.sync.grant.groups.isEmpty {
            // sync.grant on every run: READ missing on existing managed objects is added (never removed).
            let held = await grantHoldings()
            problems += held.problems
            unguarded = GrantReconciliation.reconciled(unguarded, observed: observed.connections, groups: observed.groups,
                                                       rootGroup: config.sync.rootGroup, users: held.users, userGroups: held.groups,
                                                       permissions: config.sync.grant.permissions)
        }
        let guardInput = DeletionGuard.Input(
            selectedGuests: guests.count, recordedScope: state.server?.auditScope, currentScope: scope,
            maxDeletes: config.sync.maxDeletes, allowMassDelete: safety.allowMassDelete,
            acceptScopeChange: safety.acceptScopeChange)
        let plan = DeletionGuard.apply(to: unguarded, guardInput)
        var run = SyncRun(plan: plan, state: state, guests: guests, guacamole: observed,
                          desired: desiredSet.desired, problems: problems)
        run.lastKnownAddresses = desiredSet.lastKnownAddresses
        run.server = StateBinding.next(binding, state: state, plan: plan, observed: observed, guardInput: guardInput)
        run.sweepMemo = await proxmoxLoader.discovery.memoToRemember()
        for line in await proxmoxLoader.discovery.finishedSweep?.report.skipped ?? [] { logger.notice("sweep: \(line)") }
        return run
    }

    /// Guests started for discovery are recorded in the audit log (only applying runs start any).
    private func discoveryAudit(_ safety: RunSafety) -> (@Sendable (AuditRecord) -> Void)? {
        guard safety.applying, config.network.startStoppedForDiscovery else { return nil }
        let path = auditLogPath
        return { record in (try? AuditLog(path: path))?.append(record) }
    }

    /// Where the token holds `VM.Audit` (`DeletionGuard.auditScope`); nil when `/access/permissions` cannot be read.
    func auditScope() async -> Set<String>? {
        do {
            return DeletionGuard.auditScope(try await proxmox.permissions().privilegesByPath)
        } catch {
            logger.warning("cannot read the token's permissions (/access/permissions): \(error)")
            return nil
        }
    }

    /// Applies the plan, then writes the audit log and the new state. Never throws: failures are in the report.
    /// - Parameter keeping: identities whose state records must stay as they were (left out of a scoped plan).
    public func apply(_ run: SyncRun, keeping: Set<ConnectionIdentity> = [],
                      progress: @Sendable (PlanAction, String?) -> Void = { _, _ in }) async -> ApplyReport {
        HeapTuning.releaseFreedMemory()  // planning's scratch memory goes back before the requests are built
        var problems: [String] = []
        let audit = openAuditLog(problems: &problems)
        let writer = NotesPullWriter(
            client: proxmox, guests: Dictionary(run.guests.map { ($0.facts.vmid, $0.reference) }, uniquingKeysWith: { a, _ in a }),
            encryptPassword: pulledPasswordEncryption())
        var applier = PlanApplier(guacamole: guacamole, notesWriter: writer, concurrency: config.sync.concurrency, logger: logger)
        applier.existingAttributes = run.guacamole.attributes
        applier.existingGroupSettings = run.guacamole.groupSettings
        applier.grantPermissions = config.sync.grant.permissions
        var report = await applier.apply(run.plan, starting: { actions in
            // Intent first (fsync'ed): a run killed mid-batch still leaves a record of what it was doing.
            let now = Date()
            audit?.append(contentsOf: actions.map { action in
                AuditRecord(time: now, action: "\(action.phase)", target: action.subject, fields: Self.fieldNames(action), result: "intent")
            })
        }) { steps in
            let now = Date()
            audit?.append(contentsOf: steps.map { action, failure in
                AuditRecord(time: now, action: "\(action.phase)", target: action.subject, fields: Self.fieldNames(action),
                            result: failure == nil ? "ok" : "failed", message: failure)
            })
            for (action, failure) in steps { progress(action, failure) }
        }
        report.localProblems += problems
        if let failure = audit?.failure { report.localProblems.append(failure) }
        let failed = report.unfinishedIdentities(of: run.plan).union(keeping)
        var next = run.state.updated(after: run.plan, createdIdentifiers: report.createdConnections, failed: failed, at: Date())
        next.recordAddresses(of: run.desired, except: failed)
        next.sweepMemo = run.sweepMemo ?? run.state.sweepMemo  // only applying runs remember a sweep
        next.server = StateBinding.afterApply(run.server ?? next.server, report: report)
        do {
            try saveState(next)
        } catch {
            report.localProblems.append("state file not written: \(error)")
        }
        return report
    }

    /// `--pull` writes passwords encrypted with the configured key (file or environment); nil without a key.
    private func pulledPasswordEncryption() -> (@Sendable (Secret, CredentialPlace) throws -> String)? {
        let encryption = config.encryption
        let environment = self.environment
        let keyInEnvironment = !(environment[EncryptionSettings.keyEnvironmentVariable] ?? "").isEmpty
        guard encryption.keyFile != nil || keyInEnvironment else { return nil }
        return { secret, place in
            try PasswordCipher.load(encryption, environment: environment)
                .encrypt(secret, boundTo: CiphertextBinding(vmid: place.vmid, user: place.user))
        }
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
