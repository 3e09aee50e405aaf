import Foundation
import Logging
import ProxGuacCore
import ProxGuacSync
import ProxGuacTUI
import Synchronization

/// The menus over the real sync engine: the same plans, applies, lock, state file and audit log as `auto`.
final class LiveTUIBackend: TUIBackend {
    let engine: SyncEngine
    let logger: Logger
    /// The run behind the last preview, applied by `apply(plan:)`.
    private let lastRun = Mutex<SyncRun?>(nil)

    init(engine: SyncEngine, logger: Logger = Logger(label: "proxguac.tui")) {
        self.engine = engine
        self.logger = logger
    }

    private var notesEncryption: LiveNotesEncryption { LiveNotesEncryption(engine: engine) }

    /// Warnings of a run (offline node, unreadable guest), as `auto` prints them; the UI shows them in its message log.
    private func warn(_ run: SyncRun) {
        warnFailedClusters(run)
        for problem in run.problems { logger.warning("\(problem)") }
        for hint in FormerNameHint.lines(for: run) { logger.warning("\(hint)") }
    }

    func guests() async throws -> [GuestRow] { try await guests(progress: { _ in }) }

    /// A plan run reporting the loading count.
    private func read(_ progress: @escaping @Sendable (ApplyProgress) -> Void, allowMassDelete: Bool = false) async throws -> SyncRun {
        try await engine.plan(resolution: .report, safety: RunSafety(allowMassDelete: allowMassDelete)) { read, total in
            progress(.reading(read, of: total))
        }
    }

    /// A cluster that could not be read (several clusters), one error line each: the status line names it.
    private func warnFailedClusters(_ run: SyncRun) {
        for failed in run.failedClusters { logger.error("\(failed)") }
    }

    func guests(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow] {
        let run = try await read(progress)
        warnFailedClusters(run)
        let rowsByGuest = Dictionary(grouping: run.plan.rows) { $0.identity.source.guest }
        return run.guests.compactMap { guest in
            guard let rows = rowsByGuest[Self.key(guest.facts)], !rows.isEmpty else { return nil }
            let states = rows.map { Self.state($0.status) }
            let worst = ProxGuacTUI.SyncState.allCases.last { states.contains($0) } ?? .inSync
            return GuestRow(
                vmid: guest.facts.vmid, name: guest.facts.name, node: guest.facts.node, status: guest.facts.status,
                protocols: Array(Set(rows.map(\.identity.protocolName))).sorted(), ip: guest.facts.address,
                ipSource: guest.facts.addressSource ?? Self.noAddress, syncStatus: worst, cluster: guest.facts.cluster)
        }
    }

    func guestsWithoutEntries(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [GuestRow] {
        let run = try await read(progress)
        warnFailedClusters(run)
        let withRows = Set(run.plan.rows.compactMap(\.identity.source.guest))
        return run.guests.filter { !withRows.contains(Self.key($0.facts)) }.map { guest in
            GuestRow(vmid: guest.facts.vmid, name: guest.facts.name, node: guest.facts.node, status: guest.facts.status,
                     protocols: [], ip: guest.facts.address, ipSource: guest.facts.addressSource ?? Self.noAddress,
                     syncStatus: .missing, cluster: guest.facts.cluster)
        }
    }

    /// The same writes as `add --vmid lab/101 --user --protocols --password-file` (`NotesEntryWriter`): each guest's
    /// own cluster and key, the value bound to the cluster's name. A guest of a cluster that cannot be read is refused
    /// in one line before anything is written.
    func writeEntry(_ entry: NewNotesEntry) async throws -> [String] {
        let written = try await NotesEntryWriter(engine: engine).write(
            user: entry.user, password: entry.password, protocols: entry.protocols, selection: GuestSelection(written: entry.guests))
        let protocols = entry.protocols.map(\.rawValue).joined(separator: ",")
        return written.map { guest in
            "wrote an entry for \(entry.user) (\(protocols)) into the notes of guest \(guest.guest), password "
                + (guest.encrypted ? "encrypted" : "plain (set encryption.keyFile to encrypt it)")
        }
    }

    func plan(for scope: PlanScope) async throws -> PlanPreview { try await plan(for: scope, progress: { _ in }) }

    func plan(for scope: PlanScope, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview {
        try await plan(for: scope, allowingMassDelete: false, progress: progress)
    }

    func plan(for scope: PlanScope, allowingMassDelete: Bool,
              progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> PlanPreview {
        let run = try await read(progress, allowMassDelete: allowingMassDelete)
        warn(run)
        lastRun.withLock { $0 = run }
        // Auto sync is `proxguac auto`: the whole plan, group actions included.
        let actions = scope == .everything ? run.plan.actions : Self.scoped(run.plan, scope).plan.actions
        var lines = actions.map { action in
            PlanLine(action: Self.kind(action), subject: shortSubject(action.subject, of: action.identity), detail: action.reason,
                     isGroup: action.identity == nil)
        }
        let acted = Set(actions.compactMap(\.identity))
        for row in run.plan.rows where !acted.contains(row.identity) && Self.inScope(row.identity, scope) {
            lines.append(PlanLine(action: row.status == .ok ? .unchanged : .skip,
                                  subject: shortSubject("\(row.path.appending(row.name))", of: row.identity), detail: row.reason))
        }
        var preview = PlanPreview(scope: scope, lines: lines)
        preview.undecided = run.plan.rows.count { row in
            (row.status == .guacDrift || row.status == .conflict) && Self.inScope(row.identity, scope)
        }
        preview.heldDeletes = run.plan.deletionGuard.flatMap { Self.held($0, scope) }
        preview.massDeleteAllowed = allowingMassDelete
        return preview
    }

    func apply(plan preview: PlanPreview, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        guard let run = lastRun.withLock({ $0 }) else {
            throw CommandFailure("no plan to apply; review the plan first")
        }
        if preview.scope == .everything { return try await applyEverything(run, progress: progress) }
        return try await apply(run, Self.scoped(run.plan, preview.scope), progress: progress)
    }

    func managedTree() async throws -> [TreeNode] { try await managedTree(progress: { _ in }) }

    func managedTree(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [TreeNode] {
        let run = try await read(progress)
        warn(run)
        let snapshot = run.guacamole
        // Connections whose notes entry still exists: a sync creates them again after a delete.
        let wanted = Set(run.plan.rows.filter { $0.status != .orphan && $0.status != .duplicate }.compactMap(\.guacIdentifier))
        let held = Self.heldByFailedClusters(run)
        let children = Dictionary(grouping: snapshot.groups, by: \.parentIdentifier)
        let connections = Dictionary(grouping: snapshot.connections, by: \.parentIdentifier)
        func node(_ group: ObservedGroup) -> TreeNode {
            let subgroups = (children[group.identifier] ?? []).sorted { $0.name < $1.name }.map(node)
            let leaves = (connections[group.identifier] ?? []).sorted { $0.name < $1.name }.map {
                TreeNode(id: "c:\($0.identifier)", title: $0.name, detail: $0.fields.protocolName,
                         returnsOnSync: wanted.contains($0.identifier), heldBecause: held[$0.identifier])
            }
            return TreeNode(id: "g:\(group.identifier)", title: group.name, children: subgroups + leaves)
        }
        let roots = (children[guacamoleRootIdentifier] ?? []).filter { $0.name == engine.config.sync.rootGroup }
        return roots.map(node)
    }

    func delete(ids: [String], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        let lock = try engine.lock()
        defer { lock.release() }
        let run = try await engine.plan(resolution: .report)
        let requested = ids.map { id in
            id.hasPrefix("g:") ? ManagedTarget.group(String(id.dropFirst(2))) : ManagedTarget.connection(String(id.dropFirst(2)))
        }
        // A cluster may have stopped answering since the tree was shown: its connections (and any group holding
        // one) stay, as `auto` keeps them.
        let (targets, refused) = Self.withoutHeld(requested, run)
        let report = await engine.delete(targets, in: run) { index, target in
            progress(ApplyProgress(completed: index, total: ids.count, current: target.description))
        }
        progress(ApplyProgress(completed: ids.count, total: ids.count, current: ""))
        let groups = report.deleted.count { if case .group = $0 { true } else { false } }
        var summary = ApplySummary(deleted: report.deleted.count - groups, failures: refused + report.failures, wasCancelled: report.wasCancelled)
        summary.groupsDeleted = groups
        return summary
    }

    func statusRows() async throws -> [StatusRow] { try await statusRows(progress: { _ in }) }

    func statusRows(progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> [StatusRow] {
        let run = try await read(progress)
        warn(run)
        let facts = Dictionary(run.guests.map { (Self.key($0.facts), $0.facts) }, uniquingKeysWith: { first, _ in first })
        let wantedPorts = Dictionary(run.desired.map { ($0.identity, $0.parameters[GuacamoleParameterName.port]) },
                                     uniquingKeysWith: { first, _ in first })
        let seenPorts = Dictionary(run.guacamole.connections.map { ($0.identifier, $0.parameters[GuacamoleParameterName.port]) },
                                   uniquingKeysWith: { first, _ in first })
        return run.plan.rows.map { row in
            let key = row.identity.source.guest
            let guest = key.flatMap { facts[$0] }
            var status = StatusRow(
                id: row.identity.key, name: row.name, vmid: key?.vmid,
                proto: row.identity.protocolName, state: Self.state(row, known: run.state), reason: row.reason,
                ip: guest?.address, ipSource: guest?.addressSource ?? Self.noAddress, connectionID: row.guacIdentifier,
                changedFields: row.changedFields)
            status.cluster = key?.cluster
            status.group = shortSubject(row.path.description)
            status.user = row.identity.username
            status.lastSync = run.state.records[row.identity].map { Self.minute($0.lastSync) }
            status.port = wantedPorts[row.identity] ?? row.guacIdentifier.flatMap { seenPorts[$0] ?? nil }
            return status
        }
    }

    /// `2026-12-04 17:20` (UTC).
    private static func minute(_ date: Date) -> String {
        let text = date.ISO8601Format()
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    func repair(row: StatusRow, direction: RepairDirection) async throws -> String {
        let run = try await engine.plan(resolution: direction == .push ? .push : .pull)
        guard let planned = run.plan.rows.first(where: { $0.identity.key == row.id }) else {
            throw CommandFailure("\(row.name) is no longer known; refresh the list")
        }
        let scoped = try RepairScope.scoped(run.plan, row: planned, direction: direction)
        let summary = try await apply(run, scoped, progress: { _ in })
        if let failure = summary.failures.first { throw CommandFailure(failure) }
        return "\(row.name): repaired (\(direction.rawValue))"
    }

    func plainPasswords(in guests: [GuestKey]?) async throws -> NotesEncryptionPreview {
        try await notesEncryption.preview(guests)
    }

    func encryptPasswords(in guests: [GuestKey], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> NotesEncryptionSummary {
        try await notesEncryption.encrypt(guests, progress: progress)
    }

    /// The same probes and report as `proxguac test-auth`.
    func testAuth() async throws -> [String] {
        try await TUITestAuth(config: engine.config, logger: logger).lines()
    }

    /// With a MAC: the same step-by-step chain as `proxguac test-network MAC`; without: every guest's address.
    func testNetwork(mac: String?) async throws -> [String] {
        if let mac { return try await TUITestNetwork(config: engine.config, logger: logger).lines(mac: mac) }
        let run = try await engine.plan(resolution: .report)
        return run.guests.filter { guest in
            mac.map { wanted in guest.facts.macAddresses.values.contains { $0.caseInsensitiveCompare(wanted) == .orderedSame } } ?? true
        }.map { guest in
            "\(Self.key(guest.facts)) \(guest.facts.name): " + (guest.facts.address.map { "\($0) (\(guest.facts.addressSource ?? "?"))" } ?? "no address")
        }
    }

    // MARK: Helpers

    private static let noAddress = "none found"

    /// The guest's cluster and vmid (`lab1/101`; `101` for the single unnamed cluster).
    private static func key(_ facts: GuestFacts) -> GuestKey { GuestKey(cluster: facts.cluster, vmid: facts.vmid) }

    /// The targets minus held connections and groups holding one, and one line per target left out.
    private static func withoutHeld(_ targets: [ManagedTarget], _ run: SyncRun) -> ([ManagedTarget], [String]) {
        let held = heldByFailedClusters(run)
        guard !held.isEmpty else { return (targets, []) }
        var kept: [ManagedTarget] = []
        var refused: [String] = []
        for target in targets {
            let reason: String?
            switch target {
            case .connection(let id): reason = held[id]
            case .group(let id):
                var inside: Set<String> = [id]
                var grew = true
                while grew {  // the group and every group below it
                    let below = run.guacamole.groups.filter { inside.contains($0.parentIdentifier) }.map(\.identifier)
                    grew = !inside.isSuperset(of: below)
                    inside.formUnion(below)
                }
                reason = run.guacamole.connections.first { inside.contains($0.parentIdentifier) && held[$0.identifier] != nil }
                    .flatMap { held[$0.identifier] }
            }
            if let reason { refused.append("\(target): held, not deleted: \(reason)") } else { kept.append(target) }
        }
        return (kept, refused)
    }

    /// Guacamole identifiers of the connections whose cluster could not be read, with why: the Delete screen
    /// never offers them (held, as `auto` holds them, never deleted on a guess).
    private static func heldByFailedClusters(_ run: SyncRun) -> [String: String] {
        let failed = Set(run.failedClusters.compactMap(\.name))
        guard !failed.isEmpty else { return [:] }
        var held: [String: String] = [:]
        for row in run.plan.rows {
            guard let id = row.guacIdentifier, let cluster = row.identity.source.guest?.cluster, failed.contains(cluster) else { continue }
            held[id] = "cluster \"\(cluster.text)\" could not be read"
        }
        for connection in run.guacamole.connections where held[connection.identifier] == nil {
            guard let cluster = connection.markedIdentity?.source.guest?.cluster, failed.contains(cluster) else { continue }
            held[connection.identifier] = "cluster \"\(cluster.text)\" could not be read"
        }
        return held
    }

    /// `Proxmox/web01 (101)/web01/ssh [pve:101:ssh:deploy]` → `web01 (101)/web01/ssh`: the root group and
    /// the identity add nothing on a screen where every line has them, and would push the rest off it.
    /// The same, naming a named cluster's guest when its group path does not (`sync.groupPerCluster: false`):
    /// `lab2: web01 (101)/web01/ssh`, so guest 101 of two clusters reads apart in plans and results.
    private func shortSubject(_ subject: String, of identity: ConnectionIdentity?) -> String {
        let text = shortSubject(subject)
        guard let cluster = identity?.source.guest?.cluster, !text.hasPrefix(cluster.text + "/"),
              !text.contains("pve:\(cluster.text):") else { return text }
        return "\(cluster.text): \(text)"
    }

    private func shortSubject(_ subject: String) -> String {
        var text = Substring(subject)
        if text.hasSuffix("]"), let bracket = text.lastIndex(of: "["), bracket > text.startIndex {
            text = text[..<bracket]
            while text.last == " " { text = text.dropLast() }
        }
        let root = engine.config.sync.rootGroup + "/"
        if text.hasPrefix(root) { text = text.dropFirst(root.count) }
        return String(text)
    }

    private func apply(_ run: SyncRun, _ scoped: ScopedPlan, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        let lock = try engine.lock()
        defer { lock.release() }
        let total = scoped.plan.actions.count
        let done = StepCounter()
        let report = await engine.apply(run, scoped: scoped) { action, _ in
            progress(ApplyProgress(completed: done.next(), total: total, current: action.subject))
        }
        return summary(report)
    }

    /// Exactly what `proxguac auto` applies: the whole run, unscoped (group deletions included).
    private func applyEverything(_ run: SyncRun, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        let lock = try engine.lock()
        defer { lock.release() }
        let total = run.plan.actions.count
        let done = StepCounter()
        let report = await engine.apply(run) { action, _ in
            progress(ApplyProgress(completed: done.next(), total: total, current: action.subject))
        }
        return summary(report)
    }

    private func summary(_ report: ApplyReport) -> ApplySummary {
        var summary = ApplySummary(failures: report.failures.map(\.description) + report.localProblems,
                                   wasCancelled: report.wasCancelled)
        for action in report.applied {
            let kind = Self.kind(action)
            summary.record(kind, isGroup: action.identity == nil)
            summary.changes.append("\(kind.sign) \(action.phase) \(shortSubject(action.subject, of: action.identity))")
        }
        return summary
    }

    private static func scoped(_ plan: Plan, _ scope: PlanScope) -> ScopedPlan {
        switch scope {
        case .everything: ScopedPlan(plan, identities: Set(plan.rows.map(\.identity)))
        case .guests(let guests): ScopedPlan(plan, sources: Set(guests.map { ConnectionSource.proxmox(cluster: $0.cluster, vmid: $0.vmid) }))
        }
    }

    /// The guard's decision as the plan screen shows it: only the held deletes within the scope.
    private static func held(_ decision: DeletionGuard.Decision, _ scope: PlanScope) -> HeldDeletes? {
        let count = decision.held.count { action in
            scope == .everything || action.identity.map { inScope($0, scope) } ?? false
        }
        guard count > 0 else { return nil }
        return HeldDeletes(count: count, reason: decision.reason.description, liftable: decision.reason.liftedByMassDelete)
    }

    private static func inScope(_ identity: ConnectionIdentity, _ scope: PlanScope) -> Bool {
        switch scope {
        case .everything: return true
        case .guests(let guests):
            return identity.source.guest.map(guests.contains) ?? false
        }
    }

    private static func kind(_ action: ProxGuacCore.PlanAction) -> ProxGuacTUI.PlanAction {
        switch action.phase {
        case .createGroups, .createConnections: .create
        case .deleteConnections, .deleteGroups: .delete
        case .moveGroups, .updateConnections, .grants, .pullIntoNotes: .update
        }
    }

    /// The planner's status in the UI's words; `missing` with a state record was deleted in Guacamole.
    private static func state(_ row: SyncStatusRow, known: ProxGuacCore.SyncState) -> ProxGuacTUI.SyncState {
        if row.status == .missing, known.records[row.identity] != nil { return .deletedInGuacamole }
        return state(row.status)
    }

    private static func state(_ status: SyncStatus) -> ProxGuacTUI.SyncState {
        switch status {
        case .ok: .inSync
        case .missing: .missing
        case .pveChanged: .pveChanged
        case .guacDrift: .drift
        case .conflict: .conflict
        case .orphan: .orphan
        case .noIP: .noAddress
        case .unknownNode: .unknownNode
        case .duplicate: .duplicate
        case .invalidNotes: .invalidNotes
        }
    }
}

/// Counts applied steps for the progress bar (a shared reference, safe to call from concurrent steps).
private final class StepCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
