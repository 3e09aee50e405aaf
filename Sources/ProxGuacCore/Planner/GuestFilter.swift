/// Which guests proxguac syncs (`sync.include`, `sync.exclude`, `sync.includeTemplates`).
///
/// Semantics (as the Security Group Propagator for Proxmox uses them):
/// - Templates are skipped unless `includeTemplates`.
/// - `include`: an empty criteria set selects every guest; otherwise every *non-empty* field must match
///   (tags per `tagMatch`, and the node, pool, vmid and status each in their list).
/// - `exclude`: a guest matching *any* non-empty field is skipped (tags per `tagMatch`).
/// - Tags compare without case (Proxmox lower-cases them); other fields compare exactly.
/// A guest that is filtered out is treated as gone: its managed connections become orphans.
public struct GuestFilter: Sendable, Hashable {
    public enum TagMatch: String, Sendable, Hashable, Codable, CaseIterable {
        /// At least one of the tags.
        case any
        /// All of the tags.
        case all
    }

    /// One `sync.include` / `sync.exclude` block.
    public struct Criteria: Sendable, Hashable {
        public var tags: [String]
        public var tagMatch: TagMatch
        public var nodes: [String]
        public var pools: [String]
        public var vmids: [Int]
        /// Guest statuses as Proxmox reports them (`running`, `stopped`, `paused`, ...).
        public var statuses: [String]

        public init(tags: [String] = [], tagMatch: TagMatch = .any, nodes: [String] = [], pools: [String] = [],
                    vmids: [Int] = [], statuses: [String] = []) {
            self.tags = tags
            self.tagMatch = tagMatch
            self.nodes = nodes
            self.pools = pools
            self.vmids = vmids
            self.statuses = statuses
        }

        public var isEmpty: Bool {
            tags.isEmpty && nodes.isEmpty && pools.isEmpty && vmids.isEmpty && statuses.isEmpty
        }
    }

    /// The facts about a guest the filter looks at (from `/cluster/resources`).
    public struct Guest: Sendable, Hashable {
        public var vmid: Int
        public var node: String
        public var status: String
        public var tags: [String]
        public var pool: String?
        public var isTemplate: Bool

        public init(vmid: Int, node: String, status: String, tags: [String] = [], pool: String? = nil, isTemplate: Bool = false) {
            self.vmid = vmid
            self.node = node
            self.status = status
            self.tags = tags
            self.pool = pool
            self.isTemplate = isTemplate
        }
    }

    /// Why a guest is or is not synced.
    public enum Decision: Sendable, Hashable, CustomStringConvertible {
        case included
        case skipped(reason: String)

        public var isIncluded: Bool { self == .included }

        public var description: String {
            switch self {
            case .included: "included"
            case .skipped(let reason): "skipped: \(reason)"
            }
        }
    }

    public var include: Criteria
    public var exclude: Criteria
    public var includeTemplates: Bool

    public init(include: Criteria = Criteria(), exclude: Criteria = Criteria(), includeTemplates: Bool = false) {
        self.include = include
        self.exclude = exclude
        self.includeTemplates = includeTemplates
    }

    public func decision(for guest: Guest) -> Decision {
        if guest.isTemplate && !includeTemplates {
            return .skipped(reason: "template (set sync.includeTemplates to sync templates)")
        }
        if !include.isEmpty, let miss = Self.fieldsMatched(include, guest).first(where: { !$0.matched }) {
            return .skipped(reason: "not selected by sync.include.\(miss.field)")
        }
        if let hit = Self.fieldsMatched(exclude, guest).first(where: \.matched) {
            return .skipped(reason: "matched by sync.exclude.\(hit.field)")
        }
        return .included
    }

    public func includes(_ guest: Guest) -> Bool { decision(for: guest).isIncluded }

    /// For each non-empty field of the criteria: does the guest match it?
    private static func fieldsMatched(_ criteria: Criteria, _ guest: Guest) -> [(field: String, matched: Bool)] {
        var results: [(String, Bool)] = []
        if !criteria.tags.isEmpty {
            let guestTags = Set(guest.tags.map { $0.lowercased() })
            let wanted = criteria.tags.map { $0.lowercased() }
            let matched = criteria.tagMatch == .all ? wanted.allSatisfy(guestTags.contains) : wanted.contains(where: guestTags.contains)
            results.append(("tags", matched))
        }
        if !criteria.nodes.isEmpty { results.append(("nodes", criteria.nodes.contains(guest.node))) }
        if !criteria.pools.isEmpty { results.append(("pools", guest.pool.map(criteria.pools.contains) ?? false)) }
        if !criteria.vmids.isEmpty { results.append(("vmids", criteria.vmids.contains(guest.vmid))) }
        if !criteria.statuses.isEmpty { results.append(("status", criteria.statuses.contains(guest.status))) }
        return results
    }
}
