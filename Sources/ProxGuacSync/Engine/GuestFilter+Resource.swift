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

    /// Whether the filter would select the guest if its status were one the filter asks for: such a guest
    /// keeps its connections (status decides only what is created).
    public func includesIgnoringStatus(_ resource: ProxmoxGuestResource) -> Bool {
        var relaxed = self
        relaxed.include.statuses = []
        relaxed.exclude.statuses = []
        return relaxed.includes(resource)
    }
}
