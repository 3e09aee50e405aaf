/// A managed Guacamole group (with children) or connection (without), for the Delete screen.
public struct TreeNode: Sendable, Hashable, Identifiable {
    /// The id `TUIBackend.delete(ids:)` understands.
    public var id: String
    public var title: String
    /// Extra text after the title, e.g. `ssh 198.51.100.12`.
    public var detail: String
    public var children: [TreeNode]
    /// A connection some guest's notes still ask for: deleting it is undone by the next sync.
    public var returnsOnSync: Bool
    /// Why this connection cannot be deleted from the menus now (its cluster could not be read: held, never
    /// deleted on a guess); nil when it can. A group holding such a connection is never deleted whole.
    public var heldBecause: String?

    public init(id: String, title: String, detail: String = "", children: [TreeNode] = [], returnsOnSync: Bool = false,
                heldBecause: String? = nil) {
        self.heldBecause = heldBecause
        self.id = id
        self.title = title
        self.detail = detail
        self.children = children
        self.returnsOnSync = returnsOnSync
    }
}
