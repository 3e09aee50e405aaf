import ProxGuacCore
import ProxGuacSync

/// `auto --push ID|GUEST…` / `--pull ID|GUEST…`: resolve the drift of the named rows only.
/// A name is a VM id, a guest name, an external host's name or a connection name; the drifted rows
/// of everything else are left as they are (and reported, so `auto` exits 6 while any remain).
struct DriftRowSelection {
    var names: [String]

    /// Whether `row` is named (by VM id, `cluster/VM id`, guest or external host name, or connection name).
    static func matches(_ row: SyncStatusRow, _ name: String) -> Bool {
        switch row.identity.source {
        case .proxmox(let cluster, let vmid):
            if String(vmid) == name || GuestKey(cluster: cluster, vmid: vmid).description == name { return true }
        case .external(let host): if host == name { return true }
        }
        return row.guestName == name || row.name == name
    }

    /// The plan made with --push/--pull, cut so that only the named rows' drift is resolved.
    /// Throws a usage error (exit 2) for a name that matches no row.
    func scope(_ run: SyncRun) throws(CommandFailure) -> ScopedPlan {
        let rows = run.plan.rows
        for name in names where !rows.contains(where: { Self.matches($0, name) }) {
            throw .usage("no connection matches \"\(name)\": name a VM id, guest name or connection name from `proxguac list`")
        }
        for name in names where Int(name) != nil {
            // A plain VM id of guests in two clusters: which one is meant cannot be told.
            let guests = Set(rows.compactMap { row in row.identity.source.guest.flatMap { String($0.vmid) == name ? $0 : nil } })
            if guests.count > 1 {
                let listed = guests.sorted().map(\.description)
                throw .usage("\(name) names guests in several clusters (\(listed.joined(separator: " and "))): write one of them, e.g. \(listed[0])")
            }
        }
        let drifted = rows.filter { $0.statuses.contains(.guacDrift) || $0.statuses.contains(.conflict) }
        let unnamed = Set(drifted.filter { row in !names.contains { Self.matches(row, $0) } }.map(\.identity))
        return ScopedPlan(run.plan, identities: Set(rows.map(\.identity)).subtracting(unnamed))
    }
}
