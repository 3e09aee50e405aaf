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
    /// Every configured cluster with its client, in config order (one for the single unnamed cluster).
    public let clusters: [ClusterReader]
    /// The first (or only) cluster's client: what the commands that handle one cluster only use.
    public var proxmox: ProxmoxClient { clusters[0].client }
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
        clusters = try config.clusters.map { settings in
            ClusterReader(settings: settings,
                          client: try ProxmoxClient(settings: settings, transport: transport, logger: logger, retry: retry))
        }
        guacamole = try GuacamoleClient(settings: config.guacamole, transport: transport, logger: logger, retry: retry,
                                        stateDirectory: Self.directory(of: config.sync.stateFile))
    }

    /// Timeouts (`http`) and connection limits for the shared transport: enough for the loaders' own limits, and one connection
    /// overall when `sync.concurrency` is 1 (`--concurrency 1`: one request at a time, the naive baseline).
    static func transportLimits(_ config: ProxGuacConfig) -> HTTPTransport.Configuration {
        let perNode = config.clusters.map(\.maxConcurrentPerNode).max() ?? config.proxmox.maxConcurrentPerNode
        let perHost = max(perNode, config.sync.concurrency)
        let serial = config.sync.concurrency == 1 && perNode == 1
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
        let guacamoleLoader = GuacamoleSnapshotLoader(
            client: guacamole, rootGroup: config.sync.rootGroup, concurrency: config.sync.concurrency)
        // Boxed: an `async let` keeps its value until the end of this function, and the reads are released below.
        async let clusterReads = ClusterReads(await readClusters(safety: safety, sweepMemo: { try? await stateRead.value.sweepMemo }, progress: progress))
        async let guacamoleRead = guacamoleLoader.load()
        let loadedState = try await stateRead.value
        var reads = await clusterReads.take()
        let (guests, failedClusters) = try Self.guests(of: reads)
        var observed = try await guacamoleRead
        HeapTuning.releaseFreedMemory()  // the answers are read: their buffers go back before the plan is built
        let binding = SyncStateServer(guacamoleURL: guacamole.baseURL, dataSource: try await guacamole.login(),
                                      rootGroup: config.sync.rootGroup)
        var state = try StateBinding.bound(loadedState, to: binding, rebind: safety.rebind)
        let names = try ClusterNameCheck(clusters: clusters, reads: reads, observed: observed.connections, state: state)
        reads = reads.map { $0.releasingGuests() }  // `guests` holds them all now
        for migration in names.migrations {
            // Planned as if the markers were rewritten already; the rewrites are added to the plan below.
            state = migration.migrated(state, observed: observed.connections)
            observed.connections = migration.migrated(observed.connections)
        }

        let config = self.config
        let environment = self.environment
        let desiredSet: DesiredSetBuilder.Output
        do {  // the builder (with its copy of the recorded addresses) is released before the plan is built
            var desiredBuilder = DesiredSetBuilder(config: config, ownAddresses: ownAddresses(), sightings: state.ciphertexts) { cluster in
                try PasswordCipher.load(config.encryption(for: cluster), environment: environment)
            }
            desiredBuilder.recordedAddresses = state.recordedAddresses
            desiredSet = try desiredBuilder.build(guests, observed: observed.connections)
        }
        state.ciphertexts = desiredSet.ciphertexts
        let held = names.held(observed: observed.connections, state: state, failed: failedClusters, availability: desiredSet.availability)
        let options = PlanOptions(
            rootGroup: config.sync.rootGroup, deleteOrphans: config.sync.deleteOrphans, resolution: resolution,
            grantUsers: config.sync.grant.users, grantGroups: config.sync.grant.groups)
        var unguarded = Planner.plan(
            desired: desiredSet.desired, blocked: desiredSet.blocked, observed: observed.connections,
            groups: observed.groups, availability: held.availability, state: state, options: options)
        var problems = desiredSet.problems + names.notices
        if !config.sync.grant.users.isEmpty || !config.sync.grant.groups.isEmpty {
            // sync.grant on every run: READ missing on existing managed objects is added (never removed).
            let holdings = await grantHoldings()
            problems += holdings.problems
            unguarded = GrantReconciliation.reconciled(unguarded, observed: observed.connections, groups: observed.groups,
                                                       rootGroup: config.sync.rootGroup, users: holdings.users, userGroups: holdings.groups,
                                                       permissions: config.sync.grant.permissions)
        }
        let scopes = reads.compactMap { read -> DeletionGuard.ClusterInput? in
            guard let selected = read.guestCount else { return nil }
            return DeletionGuard.ClusterInput(cluster: read.reader.name, selectedGuests: selected,
                                              recordedScope: state.server?.auditScope(of: read.reader.name), currentScope: read.scope)
        }
        var plan: Plan
        if clusters.count == 1, let only = scopes.first {
            plan = DeletionGuard.apply(to: unguarded, DeletionGuard.Input(
                selectedGuests: only.selectedGuests, recordedScope: only.recordedScope, currentScope: only.currentScope,
                maxDeletes: config.sync.maxDeletes, allowMassDelete: safety.allowMassDelete,
                acceptScopeChange: safety.acceptScopeChange))
        } else {
            plan = DeletionGuard.apply(to: unguarded, clusters: scopes, maxDeletes: config.sync.maxDeletes,
                                       allowMassDelete: safety.allowMassDelete, acceptScopeChange: safety.acceptScopeChange)
        }
        for migration in names.migrations {
            plan = migration.addingRewrites(to: plan, migrated: observed.connections, groups: observed.groups)
        }
        var run = SyncRun(plan: plan, state: state, guests: guests, guacamole: observed,
                          desired: desiredSet.desired, problems: problems)
        run.lastKnownAddresses = desiredSet.lastKnownAddresses
        run.boundToFormerNames = desiredSet.boundToFormerNames
        run.failedClusters = failedClusters
        run.heldRecords = held.records
        run.server = StateBinding.next(binding, state: state, plan: plan, observed: observed, scopes: scopes,
                                       acceptScopeChange: safety.acceptScopeChange)
        if let discovery = reads.first?.loader.discovery {  // shared by every cluster's loader
            run.sweepMemo = await discovery.memoToRemember()
            for line in await discovery.finishedSweep?.report.skipped ?? [] { logger.notice("sweep: \(line)") }
        }
        return run
    }

    /// Applies the plan, then writes the audit log and the new state. Never throws: failures are in the report.
    /// - Parameter keeping: identities whose state records must stay as they were (left out of a scoped plan).
    public func apply(_ run: SyncRun, keeping: Set<ConnectionIdentity> = [],
                      progress: @Sendable (PlanAction, String?) -> Void = { _, _ in }) async -> ApplyReport {
        HeapTuning.releaseFreedMemory()  // planning's scratch memory goes back before the requests are built
        var problems: [String] = []
        let audit = openAuditLog(problems: &problems)
        let writer = NotesPullWriter(
            clients: Dictionary(clusters.map { ($0.name, $0.client) }, uniquingKeysWith: { a, _ in a }),
            guests: Dictionary(run.guests.map { ($0.facts.key, $0.reference) }, uniquingKeysWith: { a, _ in a }),
            encryptPassword: pulledPasswordEncryption())
        var applier = PlanApplier(guacamole: guacamole, notesWriter: writer, concurrency: config.sync.concurrency, logger: logger)
        applier.existingAttributes = run.guacamole.attributes
        applier.existingGroupSettings = run.guacamole.groupSettings
        applier.grantPermissions = config.sync.grant.permissions
        var report = await applier.apply(run.plan, starting: { actions in
            // Intent first (fsync'ed): a run killed mid-batch still leaves a record of what it was doing.
            let now = Date()
            audit?.append(contentsOf: actions.map { action in
                var record = AuditRecord(time: now, action: Self.auditAction(action), target: action.subject, fields: Self.fieldNames(action), result: "intent")
                record.cluster = action.identity?.source.guest?.cluster?.text
                return record
            })
        }) { steps in
            let now = Date()
            audit?.append(contentsOf: steps.map { action, failure in
                var record = AuditRecord(time: now, action: Self.auditAction(action), target: action.subject, fields: Self.fieldNames(action),
                                         result: failure == nil ? "ok" : "failed", message: failure)
                record.cluster = action.identity?.source.guest?.cluster?.text
                return record
            })
            for (action, failure) in steps { progress(action, failure) }
        }
        report.localProblems += problems
        if let failure = audit?.failure { report.localProblems.append(failure) }
        let failed = report.unfinishedIdentities(of: run.plan).union(keeping)
        var next = run.state.updated(after: run.plan, createdIdentifiers: report.createdConnections, failed: failed, at: Date())
        // Records of a cluster that could not be read (or is not configured) stay, even without a connection now.
        for identity in run.heldRecords where next.records[identity] == nil { next.records[identity] = run.state.records[identity] }
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

    /// `--pull` writes passwords encrypted with the guest's cluster's key (its own, else the configured one; file or
    /// environment), bound to the guest; nil without any key, and the closure answers nil for a cluster without one.
    private func pulledPasswordEncryption() -> (@Sendable (Secret, CredentialPlace) throws -> String?)? {
        let config = self.config
        let environment = self.environment
        let keyInEnvironment = !(environment[EncryptionSettings.keyEnvironmentVariable] ?? "").isEmpty
        let clusterKeys = config.clusters.contains { $0.encryptionKeyOrigin != nil }
        guard config.encryption.keyFile != nil || keyInEnvironment || clusterKeys else { return nil }
        return { secret, place in
            let encryption = config.encryption(for: place.cluster)
            guard encryption.keyOrigin != nil || keyInEnvironment else { return nil }
            return try PasswordCipher.load(encryption, environment: environment).encrypt(secret, boundTo: place.binding)
        }
    }

    /// `migrate-marker` for a cluster migration's marker rewrite, else the action's phase (`update-connection`, …).
    private static func auditAction(_ action: PlanAction) -> String {
        action.isMarkerRewrite ? ClusterMigration.auditAction : "\(action.phase)"
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
