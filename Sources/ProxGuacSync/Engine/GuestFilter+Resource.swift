import ProxGuacCore
import ProxGuacHTTP

extension GuestFilter {
    /// Whether `sync.filter` selects this guest of `/cluster/resources`.
    public func includes(_ resource: ProxmoxGuestResource) -> Bool {
        includes(GuestFilter.Guest(
            vmid: resource.vmid, node: resource.node, status: resource.status,
            tags: ProxmoxSnapshotLoader.tags(resource.tags),
            pool: resource.pool, isTemplate: resource.isTemplate))
    }
}
