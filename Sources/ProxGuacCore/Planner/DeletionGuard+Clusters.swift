/// The deletion guard with several clusters: each cluster's picture is judged on its own.
///
/// A cluster answering an empty guest list, or whose token lost `VM.Audit` somewhere, holds back the deletes of
/// its own guests' connections (and every group delete of the run: a group is not one cluster's); another
/// cluster's deletes, and every create and update, still apply. `sync.maxDeletes` counts the run's deletes
/// over all clusters.
extension DeletionGuard {
    /// One cluster's side of the guard.
    public struct ClusterInput: Sendable, Hashable {
        /// The configured name (nil: the single unnamed cluster).
        public var cluster: ClusterName?
        /// The cluster's guests the filters (other than status) select.
        public var selectedGuests: Int
        /// The cluster's scope at the last applying run, and now (nil: not recorded / not readable).
        public var recordedScope: Set<String>?
        public var currentScope: Set<String>?

        public init(cluster: ClusterName?, selectedGuests: Int, recordedScope: Set<String>?, currentScope: Set<String>?) {
            self.cluster = cluster
            self.selectedGuests = selectedGuests
            self.recordedScope = recordedScope
            self.currentScope = currentScope
        }

        /// `cluster "lab"` (or `the cluster` for the unnamed one), as the reasons name it.
        var label: String { cluster.map { "cluster \"\($0.text)\"" } ?? "the unnamed cluster" }
    }

    /// - Parameters:
    ///   - clusters: the clusters read this run (a cluster that could not be read has no deletes to judge: its
    ///     connections are held by the planner).
    ///   - maxDeletes, allowMassDelete, acceptScopeChange: as in ``Input``.
    public static func apply(to plan: Plan, clusters: [ClusterInput], maxDeletes: Int?, allowMassDelete: Bool,
                             acceptScopeChange: Bool) -> Plan {
        var guarded = plan
        for cluster in clusters {
            let own = guarded.actions.filter { action in
                action.phase == .deleteConnections && action.identity?.source.guest.map { $0.cluster == cluster.cluster } ?? false
            }
            guard !own.isEmpty else { continue }
            let input = Input(selectedGuests: cluster.selectedGuests, recordedScope: cluster.recordedScope,
                              currentScope: cluster.currentScope, maxDeletes: .max, allowMassDelete: allowMassDelete,
                              acceptScopeChange: acceptScopeChange)
            guard let reason = reason(plan: guarded, deletes: own, input) else { continue }
            let groups = guarded.actions.filter { $0.phase == .deleteGroups }
            guarded = hold(own + groups, of: guarded, reason: .inCluster(cluster.label, reason))
        }
        let total = Input(selectedGuests: clusters.map(\.selectedGuests).reduce(0, +), recordedScope: nil, currentScope: nil,
                          maxDeletes: maxDeletes, allowMassDelete: allowMassDelete, acceptScopeChange: acceptScopeChange)
        return apply(to: guarded, total)
    }
}
