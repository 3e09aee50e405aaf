/// A two-level checkbox tree (groups and their connections). Checking a group checks all its
/// children; a group shows `[-]` when only some are checked.
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
        rows = newRoots.flatMap { root in [Row(node: root, depth: 0)] + root.children.map { Row(node: $0, depth: 1) } }
        let known = Set(rows.map(\.node.id))
        checked = checked.filter { known.contains($0) }
        let index = focusedID.flatMap { id in rows.firstIndex { $0.node.id == id } } ?? 0
        cursor.select(index, count: rows.count, pageHeight: pageHeight)
    }

    func mark(of node: TreeNode) -> Mark {
        guard !node.children.isEmpty else { return checked.contains(node.id) ? .on : .off }
        let count = node.children.count { checked.contains($0.id) }
        return count == 0 ? .off : count == node.children.count ? .on : .partial
    }

    /// Handles Space, `a`, `n` and navigation; false for any other key.
    mutating func handle(_ key: Key, pageHeight: Int) -> Bool {
        if cursor.handle(key, count: rows.count, pageHeight: pageHeight) { return true }
        switch key {
        case .character(" "): toggleFocused()
        case .character("a"): checked = Set(rows.filter { $0.node.children.isEmpty }.map(\.node.id))
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

    /// What to delete, in order: checked connections, then each group whose children are all checked.
    var idsToDelete: [String] {
        roots.flatMap { root -> [String] in
            let children = root.children.filter { checked.contains($0.id) }.map(\.id)
            return mark(of: root) == .on ? children + [root.id] : children
        }
    }

    /// Titles of what will be deleted, for the confirmation screen.
    var titlesToDelete: [String] {
        roots.flatMap { root -> [String] in
            let children = root.children.filter { checked.contains($0.id) }.map { "  \($0.title)  \($0.detail)" }
            return mark(of: root) == .on ? ["\(root.title) (group, with everything in it)"] + children : children
        }
    }

    private mutating func toggleFocused() {
        guard let row = focused else { return }
        let ids = row.node.children.isEmpty ? [row.node.id] : row.node.children.map(\.id)
        if mark(of: row.node) == .on { checked.subtract(ids) } else { checked.formUnion(ids) }
    }
}
