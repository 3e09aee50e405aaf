extension Plan {
    /// Rows in `guac-drift` or `conflict` that no action of this plan resolves (reported only, or
    /// the notes cannot hold the change): what makes `auto` exit 6.
    public var unresolvedDrift: [SyncStatusRow] {
        let acted = Set(actions.compactMap(\.identity))
        return rows.filter { row in
            (row.statuses.contains(.guacDrift) || row.statuses.contains(.conflict)) && !acted.contains(row.identity)
        }
    }
}
