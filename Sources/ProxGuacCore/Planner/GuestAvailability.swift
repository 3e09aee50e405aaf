/// What is known about a guest (or external host) this run; decides whether its connections that have
/// no desired counterpart may be deleted.
///
/// A source absent from the availability map is gone (deleted, or no longer selected by the filters):
/// its connections are orphans.
public enum GuestAvailability: Sendable, Hashable {
    /// Notes read and every entry turned into a desired connection (or a `BlockedEntry`):
    /// a managed connection with no desired counterpart was removed from the notes (orphan).
    case known
    /// The guest's node is offline or unreachable: nothing is known, keep all its connections.
    case nodeOffline(node: String)
    /// Some entries of the notes could not be used (diagnostics, or a password that cannot be decrypted),
    /// so identities may be missing from the desired list: keep its connections without a desired counterpart.
    /// The diagnostics are one-line texts that never contain a password.
    case invalidNotes(diagnostics: [String])
    /// No address found for the guest: nothing can be built; keep existing connections, create none.
    case noAddress
    /// The filters leave the guest out only because of its status (`sync.include.status`/`exclude.status`):
    /// status decides what is created, never what is deleted; keep its connections untouched.
    case statusNotSelected(status: String)
    /// The guest's cluster is not in the config (removed, or renamed without `previousNames`): nothing is
    /// known about it, keep its connections untouched (see `ClusterMigration`). `cluster` is shown in reasons.
    case clusterNotConfigured(cluster: String)
    /// The guest's cluster could not be read this run (every URL down, the token refused, any error of its
    /// `/cluster/resources`): nothing is known about its guests, keep their connections untouched.
    /// `cluster` is shown in reasons (`cluster "lab"`).
    case clusterUnreadable(cluster: String)
}

/// An entry whose identity is known but that cannot be turned into a desired connection this run.
/// Its existing connection is kept untouched; a missing one is not created.
public struct BlockedEntry: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The entry has diagnostics or its password cannot be decrypted (one line, no secret).
        case invalidNotes(String)
        /// No address was found for the guest.
        case noAddress
    }

    public let identity: ConnectionIdentity
    public let reason: Reason
    /// The guest's (or external host's) name, so the status row can say which guest it is about.
    public let guestName: String?

    public init(identity: ConnectionIdentity, reason: Reason, guestName: String? = nil) {
        self.identity = identity
        self.reason = reason
        self.guestName = guestName
    }
}
