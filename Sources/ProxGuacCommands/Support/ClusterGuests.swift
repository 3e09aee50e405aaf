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

    /// The selected guests, the selectors that matched none of them, and the clusters that could not be read.
    struct Selection {
        var guests: [ClusterGuest] = []
        var missing: [GuestKey] = []
        /// One line per cluster that could not be read (several clusters only): its guests are left out.
        var failedClusters: [FailedCluster] = []
    }

    /// Every guest of every cluster within `filter` (`sync.include`/`sync.exclude`; nil: every guest), and within
    /// `selection` when given (`101` names the one guest of that id, `lab/101` cluster `lab`'s). Sorted: the unnamed
    /// cluster, then by name, then vmid. With several clusters, one that cannot be read is reported in
    /// `failedClusters` and the others go on; a plain VM id then needs every cluster read (it could be the failed one's).
    /// - Throws: a usage error for a plain VM id that several clusters have; the single cluster's read error; a plain
    ///   VM id or a `lab/101` of a cluster that could not be read.
    static func selected(in clusters: [ClusterReader], filter: GuestFilter?, selection: GuestSelection?,
                         option: String = "--vmid") async throws -> Selection {
        var result = Selection()
        var all: [ClusterGuest] = []
        for cluster in clusters {
            do {
                all += try await cluster.client.guests().filter { filter?.includes($0) ?? true }.map {
                    ClusterGuest(cluster: cluster.name, client: cluster.client, resource: $0)
                }
            } catch {
                guard clusters.count > 1 else { throw error }
                let failed = FailedCluster(name: cluster.name, problem: OneLine.make(String(describing: error)))
                if let written = selection?.written, written.contains(where: { $0.cluster == nil || $0.cluster == cluster.name }) {
                    throw CommandFailure.partial(failed.description)
                }
                result.failedClusters.append(failed)
            }
        }
        all.sort { $0.key < $1.key }
        guard let selection else {
            result.guests = all
            return result
        }
        let wanted = try selection.resolve(among: Set(all.map(\.key)), option: option)
        result.guests = all.filter { wanted.contains($0.key) }
        result.missing = wanted.subtracting(result.guests.map(\.key)).sorted()
        return result
    }
}
