/// Everything the planner looks at, gathered by ProxGuacSync before planning.
public struct PlanInput: Sendable {
    /// Connections the notes (and config `external`) ask for, after filtering guests.
    public var desired: [DesiredConnection]
    /// Entries whose identity is known but that cannot be built this run.
    public var blocked: [BlockedEntry]
    /// Every connection readable in Guacamole (parameters needed for those under the root group).
    public var observed: [ObservedConnection]
    /// Every connection group readable in Guacamole (ROOT itself excluded).
    public var groups: [ObservedGroup]
    /// What is known per guest / external host; absent means gone (see `GuestAvailability`).
    public var availability: [ConnectionSource: GuestAvailability]
    /// The last-sync state (`.empty` when the file is missing).
    public var state: SyncState

    public init(desired: [DesiredConnection], blocked: [BlockedEntry] = [], observed: [ObservedConnection],
                groups: [ObservedGroup], availability: [ConnectionSource: GuestAvailability], state: SyncState) {
        self.desired = desired
        self.blocked = blocked
        self.observed = observed
        self.groups = groups
        self.availability = availability
        self.state = state
    }
}
