/// `sync.include` / `sync.exclude`: selects guests by tags, node, pool, VM id and status.
///
/// A guest matches when it meets every criterion that is not empty (AND between criteria);
/// within one criterion any listed value will do (OR), except tags with `tagMatch: "all"`.
/// A filter with every list empty matches everything.
public struct GuestFilter: Sendable, Equatable {
    public enum TagMatch: String, Sendable, CaseIterable {
        /// The guest has at least one of the tags (default).
        case any
        /// The guest has every one of the tags.
        case all
    }

    /// The statuses a filter may name.
    public static let knownStatuses = ["running", "stopped", "paused", "suspended"]

    public var tags: [String]
    public var tagMatch: TagMatch
    public var nodes: [String]
    public var pools: [String]
    public var vmids: [Int]
    public var status: [String]

    public init(tags: [String] = [], tagMatch: TagMatch = .any, nodes: [String] = [], pools: [String] = [], vmids: [Int] = [], status: [String] = []) {
        self.tags = tags
        self.tagMatch = tagMatch
        self.nodes = nodes
        self.pools = pools
        self.vmids = vmids
        self.status = status
    }

    public var isEmpty: Bool { tags.isEmpty && nodes.isEmpty && pools.isEmpty && vmids.isEmpty && status.isEmpty }

    /// What a filter looks at for one guest.
    public struct Facts: Sendable, Equatable {
        public var vmid: Int
        public var node: String
        public var pool: String?
        public var tags: [String]
        public var status: String
        public var isTemplate: Bool

        public init(vmid: Int, node: String, pool: String? = nil, tags: [String] = [], status: String, isTemplate: Bool = false) {
            self.vmid = vmid
            self.node = node
            self.pool = pool
            self.tags = tags
            self.status = status
            self.isTemplate = isTemplate
        }
    }

    /// Whether the guest meets every non-empty criterion. Tags compare case-insensitively (Proxmox lowercases them).
    public func matches(_ guest: Facts) -> Bool {
        let guestTags = Set(guest.tags.map { $0.lowercased() })
        let wanted = tags.map { $0.lowercased() }
        let tagsOK = switch tagMatch {
        case .any: wanted.isEmpty || wanted.contains(where: guestTags.contains)
        case .all: wanted.allSatisfy(guestTags.contains)
        }
        return tagsOK
            && (nodes.isEmpty || nodes.contains(guest.node))
            && (pools.isEmpty || guest.pool.map(pools.contains) == true)
            && (vmids.isEmpty || vmids.contains(guest.vmid))
            && (status.isEmpty || status.contains(guest.status))
    }
}
