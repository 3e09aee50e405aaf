import ProxGuacCore

/// One planned sync: what was read, and the plan made from it. Nothing has changed yet.
public struct SyncRun: Sendable {
    public let plan: Plan
    /// The state the plan was made against (the state file's content, or `.empty`).
    public let state: SyncState
    public let guests: [GuestSnapshot]
    public let guacamole: GuacamoleSnapshot
    /// Desired connections by identity (what `list --verbose` shows next to the rows).
    public let desired: [DesiredConnection]
    /// Per-guest problems (unreadable notes, no address, ...), one line each, never a secret.
    public let problems: [String]
    /// This run's sweep answers, for the state file when the run is applied (`nil`: no sweep ran).
    public var sweepMemo: SweepMemo?
    /// What the state records about the server after this run applies (binding, `VM.Audit` scope,
    /// owned groups before this run's creates and deletes); nil for plans made without one.
    public var server: SyncStateServer?
    /// Identities whose guest has no address now: built with the hostname of their existing connection.
    public var lastKnownAddresses: [ConnectionIdentity: String] = [:]
    /// Clusters that could not be read (several clusters): their connections are held, the run exits 3.
    public var failedClusters: [FailedCluster] = []
    /// State records of guests of a cluster not read or not configured: kept as they are when the run is applied.
    public var heldRecords: Set<ConnectionIdentity> = []
    /// Encrypted values still bound to a former name of their cluster, by cluster and old name (see
    /// ``DesiredSetBuilder/Output/boundToFormerNames``).
    public var boundToFormerNames: [ClusterName: [ClusterName: Int]] = [:]

    public init(plan: Plan, state: SyncState, guests: [GuestSnapshot], guacamole: GuacamoleSnapshot,
                desired: [DesiredConnection], problems: [String]) {
        self.plan = plan
        self.state = state
        self.guests = guests
        self.guacamole = guacamole
        self.desired = desired
        self.problems = problems
    }
}
