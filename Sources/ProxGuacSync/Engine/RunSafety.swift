import ProxGuacCore

/// What one run may do beyond reading (from the command line): whether it applies, and which of the
/// deletion guard's checks the admin lifted.
public struct RunSafety: Sendable, Hashable {
    /// The run applies its plan (not `--dry-run`, not `list`, not a TUI screen before a confirmed apply).
    /// Only such a run may start a stopped guest for discovery (`network.startStoppedForDiscovery`).
    public var applying: Bool
    /// `--allow-mass-delete`: lifts the empty-selection and size checks (never the shrunken-view check).
    public var allowMassDelete: Bool
    /// `--accept-scope-change`: the token's narrower view is deliberate; record it and delete.
    public var acceptScopeChange: Bool
    /// `--rebind`: the state belongs to another Guacamole; drop its records and re-derive ownership from markers.
    public var rebind: Bool

    public init(applying: Bool = false, allowMassDelete: Bool = false, acceptScopeChange: Bool = false, rebind: Bool = false) {
        self.applying = applying
        self.allowMassDelete = allowMassDelete
        self.acceptScopeChange = acceptScopeChange
        self.rebind = rebind
    }
}
