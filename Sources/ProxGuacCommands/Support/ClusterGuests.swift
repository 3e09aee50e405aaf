import ProxGuacCore
import ProxGuacHTTP
import ProxGuacSync

/// A guest of one configured cluster, with the client that reads and writes its notes: what the notes-writing
/// commands (`encrypt-notes`, `rekey`, `add --user`) walk over, every cluster at once.
struct ClusterGuest: Sendable {
    let cluster: ClusterName?
    let client: ProxmoxClient
    let resource: ProxmoxGuestResource

    /// `101`, or `lab/101` for a named cluster's guest.
    var key: GuestKey { GuestKey(cluster: cluster, vmid: resource.vmid) }

    /// `101 web01` (`lab/101 web01`): how reports and the audit log name the guest.
    var label: String { resource.name.map { "\(key) \(TerminalText.escaped($0))" } ?? key.description }

    /// Every guest of every cluster within `filter` (`sync.include`/`sync.exclude`; nil: every guest), and within `selection` when given
    /// (`101` names the one guest of that id, `lab/101` cluster `lab`'s). Sorted: the unnamed cluster, then by name, then vmid.
    /// - Returns: the guests, and the selectors that matched none of them (the caller warns).
    /// - Throws: a usage error for a plain VM id that several clusters have; a cluster that cannot be read.
    static func selected(in clusters: [ClusterReader], filter: GuestFilter?, selection: GuestSelection?,
                         option: String = "--vmid") async throws -> (guests: [ClusterGuest], missing: [GuestKey]) {
        var all: [ClusterGuest] = []
        for cluster in clusters {
            all += try await cluster.client.guests().filter { filter?.includes($0) ?? true }.map {
                ClusterGuest(cluster: cluster.name, client: cluster.client, resource: $0)
            }
        }
        all.sort { $0.key < $1.key }
        guard let selection else { return (all, []) }
        let wanted = try selection.resolve(among: Set(all.map(\.key)), option: option)
        let guests = all.filter { wanted.contains($0.key) }
        return (guests, wanted.subtracting(guests.map(\.key)).sorted())
    }
}
