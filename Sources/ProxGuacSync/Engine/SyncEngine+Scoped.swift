import ProxGuacCore

extension ScopedPlan {
    /// The plan cut to the connections of some guests and external hosts (`add --vmid`, `add-external`,
    /// the menus' "add these guests").
    public init(_ plan: Plan, sources: Set<ConnectionSource>) {
        self.init(plan, identities: Set(plan.rows.map(\.identity).filter { sources.contains($0.source) }))
    }

    /// The plan to show the user: the kept actions and only the rows of the kept identities.
    /// (``plan`` itself keeps every row, so applying it leaves the other identities' state records alone.)
    public var shownPlan: Plan {
        Plan(actions: plan.actions, rows: plan.rows.filter { !leftOut.contains($0.identity) },
             unidentified: [], notices: plan.notices, options: plan.options)
    }
}

extension SyncEngine {
    /// Applies a scoped plan of `run`; identities left out keep their state records.
    /// The caller holds the run lock (``lock()``).
    public func apply(_ run: SyncRun, scoped: ScopedPlan,
                      progress: @Sendable (PlanAction, String?) -> Void = { _, _ in }) async -> ApplyReport {
        var scopedRun = SyncRun(plan: scoped.plan, state: run.state, guests: run.guests, guacamole: run.guacamole,
                                desired: run.desired, problems: run.problems)
        scopedRun.sweepMemo = run.sweepMemo
        scopedRun.server = run.server
        scopedRun.failedClusters = run.failedClusters
        scopedRun.heldRecords = run.heldRecords
        return await apply(scopedRun, keeping: scoped.leftOut, progress: progress)
    }
}
