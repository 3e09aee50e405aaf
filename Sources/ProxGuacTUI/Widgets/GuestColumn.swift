import ProxGuacCore

/// The column that names a guest in a table: `VMID` (right-aligned numbers) while every guest belongs to the
/// single unnamed cluster, as always; `GUEST` (`lab1/101`) as soon as one belongs to a named cluster, so guest
/// 101 of `lab1` and guest 101 of `lab2` read apart. A long cluster name is shortened, never the vmid.
struct GuestColumn: Sendable, Hashable {
    /// The widest the GUEST column gets; longer cluster names are shortened (`production-e…/101`).
    static let maxWidth = 14

    let namesClusters: Bool
    let width: Int

    init(_ guests: [GuestKey]) {
        namesClusters = guests.contains { $0.cluster != nil }
        width = namesClusters ? min(Self.maxWidth, max(5, guests.map { ColumnWidth.of($0.description) }.max() ?? 5)) : 5
    }

    var column: TableColumn {
        TableColumn(title: namesClusters ? "GUEST" : "VMID", width: width, alignRight: !namesClusters)
    }

    /// `101`, or `lab1/101` fitted to the column (the cluster name shortened first).
    func text(_ guest: GuestKey) -> String {
        guard let cluster = guest.cluster else { return String(guest.vmid) }
        let vmid = "/\(guest.vmid)"
        let room = width - ColumnWidth.of(vmid)
        guard ColumnWidth.of(cluster.text) > room else { return cluster.text + vmid }
        return ColumnWidth.truncate(cluster.text, to: max(1, room)) + vmid
    }
}
