/// A checkbox tree of groups (nested to any depth) and connections. Checking a group checks everything
/// in it; a group shows `[-]` when only some of it is checked.
struct CheckboxTree: Sendable {
    struct Row: Sendable, Hashable {
        var node: TreeNode
        var depth: Int
        var isGroup: Bool { !node.children.isEmpty || node.id.hasPrefix("group:") }
    }

    enum Mark: String, Sendable {
        case on = "[x]", off = "[ ]", partial = "[-]"
    }

    private(set) var roots: [TreeNode] = []
    private(set) var rows: [Row] = []
    /// Checked ids: connections, and groups that have no children.
    private(set) var checked: Set<String> = []
    private(set) var cursor = ListCursor()

    var focused: Row? { rows.indices.contains(cursor.index) ? rows[cursor.index] : nil }

    mutating func replaceRoots(_ newRoots: [TreeNode], pageHeight: Int) {
        let focusedID = focused?.node.id
        roots = newRoots
        rows = newRoots.flatMap { Self.flatten($0, depth: 0) }
        let known = Set(rows.map(\.node.id))
        checked = checked.filter { known.contains($0) }
        let index = focusedID.flatMap { id in rows.firstIndex { $0.node.id == id } } ?? 0
        cursor.select(index, count: rows.count, pageHeight: pageHeight)
    }

    func mark(of node: TreeNode) -> Mark {
        guard !node.children.isEmpty else { return checked.contains(node.id) ? .on : .off }
        let leaves = Self.leaves(of: node)
        let count = leaves.count { checked.contains($0) }
        return count == 0 ? .off : count == leaves.count ? .on : .partial
    }

    /// Handles Space, `a`, `n` and navigation; false for any other key.
    mutating func handle(_ key: Key, pageHeight: Int) -> Bool {
        if cursor.handle(key, count: rows.count, pageHeight: pageHeight) { return true }
        switch key {
        case .character(" "): toggleFocused()
        case .character("a"): checked = Set(rows.filter { $0.node.children.isEmpty && $0.node.heldBecause == nil }.map(\.node.id))
        case .character("n"): checked = []
        default: return false
        }
        return true
    }

    mutating func click(line: Int, pageHeight: Int) -> Bool {
        guard let row = cursor.row(atLine: line, count: rows.count, height: pageHeight) else { return false }
        cursor.select(row, count: rows.count, pageHeight: pageHeight)
        toggleFocused()
        return true
    }

    func visibleRange(pageHeight: Int) -> Range<Int> { cursor.visibleRange(count: rows.count, height: pageHeight) }

    /// What to delete, in order: the checked connections of each group, then the group itself when
    /// everything in it is checked (innermost first).
    var idsToDelete: [String] { roots.flatMap(deletions) }

    /// Titles of what will be deleted, for the confirmation screen (groups first, their content indented).
    var titlesToDelete: [String] { roots.flatMap { titles($0, depth: 0) } }

    /// How many connections and whole groups will be deleted.
    var deletionCounts: (connections: Int, groups: Int) {
        func count(_ node: TreeNode) -> (Int, Int) {
            guard !node.children.isEmpty else { return (checked.contains(node.id) ? 1 : 0, 0) }
            let inner = node.children.map(count).reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            return (inner.0, inner.1 + (mark(of: node) == .on ? 1 : 0))
        }
        let total = roots.map(count).reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        return (total.0, total.1)
    }

    /// How many checked connections some guest's notes still ask for (a sync brings them back).
    var returningCount: Int { roots.reduce(0) { $0 + returning($1) } }

    private func returning(_ node: TreeNode) -> Int {
        guard !node.children.isEmpty else { return node.returnsOnSync && checked.contains(node.id) ? 1 : 0 }
        return node.children.reduce(0) { $0 + returning($1) }
    }

    private func deletions(_ node: TreeNode) -> [String] {
        guard !node.children.isEmpty else { return checked.contains(node.id) ? [node.id] : [] }
        return node.children.flatMap(deletions) + (mark(of: node) == .on ? [node.id] : [])
    }

    private func titles(_ node: TreeNode, depth: Int) -> [String] {
        let indent = String(repeating: "  ", count: depth)
        guard !node.children.isEmpty else {
            let back = node.returnsOnSync ? "  (still in the notes: comes back)" : ""
            return checked.contains(node.id) ? ["\(indent)\(node.title)  \(node.detail)\(back)"] : []
        }
        let inner = node.children.flatMap { titles($0, depth: depth + 1) }
        return mark(of: node) == .on ? ["\(indent)\(node.title) (group, with everything in it)"] + inner : inner
    }

    /// Held connections never get checked, so a group holding one is never `.on` (never deleted whole).
    private mutating func toggleFocused() {
        guard let row = focused else { return }
        let ids = Self.checkableLeaves(of: row.node)
        if !ids.isEmpty, ids.allSatisfy(checked.contains) { checked.subtract(ids) } else { checked.formUnion(ids) }
    }

    /// The leaves Space may check: those not held.
    private static func checkableLeaves(of node: TreeNode) -> [String] {
        guard !node.children.isEmpty else { return node.heldBecause == nil ? [node.id] : [] }
        return node.children.flatMap(checkableLeaves)
    }

    private static func flatten(_ node: TreeNode, depth: Int) -> [Row] {
        [Row(node: node, depth: depth)] + node.children.flatMap { flatten($0, depth: depth + 1) }
    }

    /// The ids that can be checked under `node`: its connections and empty groups (itself when it has no children).
    private static func leaves(of node: TreeNode) -> [String] {
        node.children.isEmpty ? [node.id] : node.children.flatMap(leaves)
    }
}
