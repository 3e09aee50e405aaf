import ProxGuacCore
/// An in-memory `TUIBackend` over `DemoData`: every screen works without Proxmox or Guacamole, and
/// changes (apply, delete, repair, encrypt) stick for the life of the process. Nothing touches the network.
/// With several demo clusters (`--demo-clusters N`) every guest is its cluster and vmid (`lab2/101`).
public actor DemoBackend: TUIBackend {
    private var guestsByKey: [GuestKey: DemoData.Guest]
    private var connections: [DemoData.Connection]
    private var nextConnectionID = 100
    private let stepDelay: Duration
    private let keyConfigured: Bool

    /// - Parameters:
    ///   - stepDelay: pause per applied step, so the progress bar is visible; `.zero` in tests.
    ///   - keyConfigured: false acts as if no encryption key were configured (passwords cannot be encrypted).
    ///   - clusters: 2 or more shows that many named clusters (`lab1`, `lab2`, …) with the same guests.
    public init(stepDelay: Duration = .milliseconds(150), keyConfigured: Bool = true, clusters: Int = 1) {
        let names = DemoData.clusterNames(clusters)
        guestsByKey = Dictionary(uniqueKeysWithValues: DemoData.guests(clusters: names).map { ($0.key, $0) })
        connections = DemoData.connections(clusters: names)
        self.stepDelay = stepDelay
        self.keyConfigured = keyConfigured
    }

    /// The most clusters `--demo-clusters` shows.
    public static var maxClusters: Int { DemoData.maxClusters }

    /// The names of `count` demo clusters: `lab1` … (none for fewer than 2).
    public static func clusterNames(_ count: Int) -> [ClusterName] { DemoData.clusterNames(count) }

    public func guests() async throws -> [GuestRow] {
        sortedGuests.map { guest in
            GuestRow(
                vmid: guest.vmid, name: guest.name, node: guest.node, status: guest.running ? "running" : "stopped",
                protocols: guest.protocols, ip: guest.ip, ipSource: guest.ipSource, syncStatus: state(of: guest),
                cluster: guest.cluster)
        }
    }

    public func plan(for scope: PlanScope) async throws -> PlanPreview {
        var lines: [PlanLine] = []
        for guest in sortedGuests where scope.includes(guest.key) {
            guard let ip = guest.ip else {
                lines.append(PlanLine(action: .skip, subject: guest.name, detail: "no usable address (\(guest.ipSource))"))
                continue
            }
            for proto in guest.protocols {
                let name = Self.connectionName(guest, proto)
                switch connection(guest.key, proto: proto) {
                case nil:
                    lines.append(PlanLine(action: .create, subject: name, detail: "\(proto)://\(ip) in group \(guest.node)"))
                case let existing? where existing.host != ip:
                    lines.append(PlanLine(action: .update, subject: name, detail: "hostname \(existing.host) → \(ip)"))
                case _?:
                    lines.append(PlanLine(action: .unchanged, subject: name, detail: "\(proto)://\(ip)"))
                }
            }
        }
        if scope == .everything {
            for orphan in orphans {
                lines.append(PlanLine(action: .delete, subject: orphan.name, detail: "no guest has a credential entry for it"))
            }
        }
        return PlanPreview(scope: scope, lines: lines)
    }

    public func apply(plan: PlanPreview, progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        let steps = plan.lines.filter { $0.action.changesSomething }
        return await perform(steps.map { ($0.action, $0.subject) }, progress: progress) { action, subject in
            self.applyLine(action, subject: subject)
        }
    }

    public func managedTree() async throws -> [TreeNode] {
        let groups = Set(connections.map(\.group)).sorted()
        return groups.map { group in
            TreeNode(
                id: "group:\(group)", title: "proxguac / \(group)", detail: "connection group",
                children: connections.filter { $0.group == group }.sorted { $0.name < $1.name }.map {
                    TreeNode(id: "conn:\($0.id)", title: $0.name, detail: "\($0.proto) \($0.host)")
                })
        }
    }

    public func delete(ids: [String], progress: @escaping @Sendable (ApplyProgress) -> Void) async throws -> ApplySummary {
        await perform(ids.map { (PlanAction.delete, $0) }, progress: progress) { _, id in
            self.deleteNode(id)
        }
    }

    public func statusRows() async throws -> [StatusRow] {
        var rows: [StatusRow] = []
        for guest in sortedGuests {
            for proto in guest.protocols {
                rows.append(statusRow(guest, proto))
            }
        }
        for orphan in orphans {
            var row = StatusRow(
                id: "conn:\(orphan.id)", name: orphan.name, vmid: orphan.vmid, proto: orphan.proto, state: .orphan,
                reason: "No guest has a credential entry for this connection any more (guest deleted or notes edited).",
                ip: orphan.host, ipSource: "Guacamole only", connectionID: String(orphan.id))
            row.cluster = orphan.cluster
            rows.append(row)
        }
        return rows
    }

    public func repair(row: StatusRow, direction: RepairDirection) async throws -> String {
        switch (row.state, direction) {
        case (.drift, .push), (.missing, .push):
            guard let key = row.guestKey, let guest = guestsByKey[key], let ip = guest.ip else {
                throw DemoError("\(row.name) has no guest address to push; start the guest or add ip: to its notes")
            }
            upsertConnection(guest: guest, proto: row.proto, host: ip)
            return "Pushed \(row.name): Guacamole now points at \(ip)."
        case (.drift, .pull):
            guard let key = row.guestKey, let existing = connection(key, proto: row.proto) else {
                throw DemoError("\(row.name) has no Guacamole connection to pull from; use p (push) instead")
            }
            guestsByKey[key]?.ip = existing.host
            guestsByKey[key]?.ipSource = "notes ip: (pulled from Guacamole)"
            return "Pulled \(row.name): wrote ip:\"\(existing.host)\" into the guest's notes."
        case (.orphan, .push):
            connections.removeAll { "conn:\($0.id)" == row.id }
            return "Pushed \(row.name): the orphaned connection was removed from Guacamole."
        case (.orphan, .pull), (.missing, .pull):
            throw DemoError("\(row.name) cannot be pulled: the other side has nothing to copy; use p (push) instead")
        default:
            throw DemoError("\(row.name) is \(row.state.rawValue); there is nothing to repair")
        }
    }

    public func plainPasswords(in keys: [GuestKey]?) async throws -> NotesEncryptionPreview {
        let checked = sortedGuests.filter { keys?.contains($0.key) ?? true }
        return NotesEncryptionPreview(
            guests: checked.map { PlainPasswordGuest(vmid: $0.vmid, cluster: $0.cluster, name: $0.name, plainPasswords: $0.plainPasswords) },
            guestsChecked: checked.count,
            blocker: keyConfigured ? nil : Self.noKey)
    }

    public func encryptPasswords(
        in keys: [GuestKey], progress: @escaping @Sendable (ApplyProgress) -> Void
    ) async throws -> NotesEncryptionSummary {
        guard keyConfigured else { throw DemoError(Self.noKey) }
        var summary = NotesEncryptionSummary()
        for (index, key) in keys.enumerated() {
            progress(ApplyProgress(completed: index, total: keys.count, current: "encrypting \(guestsByKey[key]?.name ?? key.description)"))
            guard await nextStep() else {
                summary.wasCancelled = true
                return summary
            }
            guard let count = guestsByKey[key]?.plainPasswords else {
                summary.failures.append("\(key): no such guest (was it deleted?)")
                continue
            }
            guard count > 0 else { continue }
            guestsByKey[key]?.plainPasswords = 0
            summary.encryptedPasswords += count
            summary.guestsChanged += 1
        }
        progress(ApplyProgress(completed: keys.count, total: keys.count, current: "done"))
        return summary
    }

    public func testAuth() async throws -> [String] {
        [
            "ok  Proxmox VE  https://pve.example.test:8006  token proxguac@pve!sync accepted (demo data)",
            "ok  Guacamole   https://guac.example.test/guacamole  user proxguac logged in, data source postgresql",
        ]
    }

    public func testNetwork(mac: String?) async throws -> [String] {
        guard let mac else {
            return sortedGuests.map { guest in
                "\(guest.key) \(guest.name): " + (guest.ip.map { "\($0) via \(guest.ipSource)" } ?? guest.ipSource)
            }
        }
        let normalized = String(mac.lowercased().map { $0 == "-" ? ":" : $0 })
        let pairs = normalized.split(separator: ":", omittingEmptySubsequences: false)
        guard pairs.count == 6, pairs.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else {
            throw DemoError("'\(mac)' is not a MAC address; write six hex pairs like bc:24:11:00:01:06")
        }
        guard let guest = sortedGuests.first(where: { $0.mac == normalized }) else {
            return ["\(normalized): no guest has this MAC (demo data knows bc:24:11:00:01:01 … :0c)"]
        }
        return ["\(normalized): \(guest.key) \(guest.name) at " + (guest.ip ?? "no address") + " via \(guest.ipSource)"]
    }

    // MARK: - Internals

    private static let noKey = "no encryption key is configured; run `proxguac keygen` and set encryption.keyFile"

    private var sortedGuests: [DemoData.Guest] { guestsByKey.values.sorted { $0.key < $1.key } }

    private var orphans: [DemoData.Connection] {
        connections.filter { conn in
            guard let vmid = conn.vmid, let guest = guestsByKey[GuestKey(cluster: conn.cluster, vmid: vmid)] else { return true }
            return !guest.protocols.contains(conn.proto)
        }
    }

    /// `web-01-rdp`; `lab2/web-01-rdp` for a named cluster's guest (its own group, as `sync.groupPerCluster`).
    private static func connectionName(_ guest: DemoData.Guest, _ proto: String) -> String {
        (guest.cluster.map { "\($0.text)/" } ?? "") + "\(guest.name)-\(proto)"
    }

    private func connection(_ guest: GuestKey, proto: String) -> DemoData.Connection? {
        connections.first { $0.cluster == guest.cluster && $0.vmid == guest.vmid && $0.proto == proto }
    }

    private func state(of guest: DemoData.Guest) -> SyncState {
        guard let ip = guest.ip else { return .noAddress }
        let existing = guest.protocols.map { connection(guest.key, proto: $0) }
        if existing.contains(where: { $0 == nil }) { return .missing }
        if existing.contains(where: { $0?.host != ip }) { return .drift }
        return .inSync
    }

    private func statusRow(_ guest: DemoData.Guest, _ proto: String) -> StatusRow {
        let existing = connection(guest.key, proto: proto)
        let (state, reason): (SyncState, String) =
            switch (guest.ip, existing) {
            case (nil, _):
                (.noAddress, "No usable address: \(guest.ipSource). Start the guest or add ip:\"…\" to its notes.")
            case (let ip?, nil):
                (.missing, "No Guacamole connection yet; p creates it for \(ip) (address from \(guest.ipSource)).")
            case (let ip?, let conn?) where conn.host != ip:
                (.drift, "Guacamole hostname is \(conn.host) but the guest's address is \(ip) (from \(guest.ipSource)).")
            case (_, _?):
                (.inSync, "Guacamole matches the notes; address from \(guest.ipSource).")
            }
        var row = StatusRow(
            id: "\(guest.key)/\(proto)", name: Self.connectionName(guest, proto), vmid: guest.vmid, proto: proto,
            state: state, reason: reason, ip: guest.ip, ipSource: guest.ipSource, connectionID: existing.map { String($0.id) })
        row.cluster = guest.cluster
        return row
    }

    private func upsertConnection(guest: DemoData.Guest, proto: String, host: String) {
        if let index = connections.firstIndex(where: { $0.cluster == guest.cluster && $0.vmid == guest.vmid && $0.proto == proto }) {
            connections[index].host = host
        } else {
            connections.append(DemoData.Connection(
                id: nextConnectionID, cluster: guest.cluster, vmid: guest.vmid, proto: proto, name: Self.connectionName(guest, proto),
                host: host, group: (guest.cluster.map { "\($0.text)/" } ?? "") + guest.node))
            nextConnectionID += 1
        }
    }

    /// Applies one plan line; returns a failure text, or nil on success.
    private func applyLine(_ action: PlanAction, subject: String) -> String? {
        let target = sortedGuests.flatMap { guest in guest.protocols.map { (guest, $0) } }
            .first { Self.connectionName($0.0, $0.1) == subject }
        switch action {
        case .create, .update:
            guard let (guest, proto) = target, let ip = guest.ip else { return "\(subject): guest has no address any more" }
            upsertConnection(guest: guest, proto: proto, host: ip)
        case .delete:
            connections.removeAll { $0.name == subject }
        case .unchanged, .skip:
            break
        }
        return nil
    }

    private func deleteNode(_ id: String) -> String? {
        if id.hasPrefix("group:") {
            let group = String(id.dropFirst("group:".count))
            connections.removeAll { $0.group == group }
        } else {
            let before = connections.count
            connections.removeAll { "conn:\($0.id)" == id }
            if connections.count == before { return "\(id): no such managed connection (already deleted?)" }
        }
        return nil
    }

    /// Waits `stepDelay` before a step (so the progress bar can be seen); false once the work is cancelled.
    private func nextStep() async -> Bool {
        do {
            try Task.checkCancellation()
            if stepDelay > .zero { try await Task.sleep(for: stepDelay) }
            return true
        } catch {
            return false
        }
    }

    /// Runs `steps` one by one with progress, stopping cleanly at cancellation.
    private func perform(
        _ steps: [(PlanAction, String)], progress: @Sendable (ApplyProgress) -> Void,
        step: (PlanAction, String) -> String?
    ) async -> ApplySummary {
        var summary = ApplySummary()
        for (index, (action, subject)) in steps.enumerated() {
            progress(ApplyProgress(completed: index, total: steps.count, current: "\(action.rawValue) \(subject)"))
            guard await nextStep() else {
                summary.wasCancelled = true
                return summary
            }
            if let failure = step(action, subject) {
                summary.failures.append(failure)
            } else {
                summary.record(action)
            }
        }
        progress(ApplyProgress(completed: steps.count, total: steps.count, current: "done"))
        return summary
    }
}

extension PlanScope {
    func includes(_ guest: GuestKey) -> Bool {
        switch self {
        case .everything: true
        case .guests(let keys): keys.contains(guest)
        }
    }
}

/// An error from the demo backend (bad input on a demo screen).
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
