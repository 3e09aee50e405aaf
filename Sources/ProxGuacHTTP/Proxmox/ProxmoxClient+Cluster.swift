/// Cluster-wide reads: version, permissions, guests, nodes.
extension ProxmoxClient {
    /// `GET /version`: the server's release, to pick version-dependent behaviour.
    public func version() async throws(ProxmoxError) -> ProxmoxVersion {
        try await call(.get, "/version")
    }

    /// `GET /access/permissions[?path=]`: what this token or user may do (on `path` only, inheritance included).
    public func permissions(path: String? = nil) async throws(ProxmoxError) -> ProxmoxPermissions {
        try await call(.get, "/access/permissions", query: path.map { [("path", $0)] } ?? [])
    }

    /// `GET /cluster/resources?type=vm`: every guest the caller may audit, on every node, in one call.
    public func guests() async throws(ProxmoxError) -> [ProxmoxGuestResource] {
        try await call(.get, "/cluster/resources", query: [("type", "vm")])
    }

    /// `GET /nodes`: nodes with their state and certificate fingerprint.
    public func nodes() async throws(ProxmoxError) -> [ProxmoxNode] {
        try await call(.get, "/nodes")
    }
}
