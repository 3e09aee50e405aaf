/// An item a `CheckboxList` can show and filter.
protocol Checkable: Identifiable, Sendable where ID: Sendable {
    /// The text `/` filtering matches against (case-insensitive substring).
    var filterText: String { get }
}

/// A filterable list of checkboxes: Space toggles, `a` checks all shown, `n` unchecks all shown,
/// `/` starts filter-as-you-type (Enter keeps the filter, Esc clears it). The focus follows its item
/// through filtering and reloads.
struct CheckboxList<Item: Checkable>: Sendable {
    private(set) var items: [Item] = []
    private(set) var checked: Set<Item.ID> = []
    private(set) var filter = TextField()
    private(set) var isFiltering = false
    private(set) var cursor = ListCursor()

    /// The items that match the filter, in list order.
    var visible: [Item] {
        let needle = filter.value.lowercased()
        return needle.isEmpty ? items : items.filter { $0.filterText.lowercased().contains(needle) }
    }

    var focused: Item? {
        let shown = visible
        return shown.indices.contains(cursor.index) ? shown[cursor.index] : nil
    }

    /// Checked items in list order (including ones the filter hides).
    var checkedItems: [Item] { items.filter { checked.contains($0.id) } }

    func isChecked(_ item: Item) -> Bool { checked.contains(item.id) }

    /// Replaces the items, keeping checks and focus on items that are still there.
    mutating func replaceItems(_ newItems: [Item], pageHeight: Int) {
        let focusedID = focused?.id
        items = newItems
        checked = checked.filter { id in newItems.contains { $0.id == id } }
        refocus(on: focusedID, pageHeight: pageHeight)
    }

    /// Handles list keys; false when the key is not the list's (Enter, Esc outside filtering, ...).
    mutating func handle(_ key: Key, pageHeight: Int) -> Bool {
        if isFiltering { return handleFilterKey(key, pageHeight: pageHeight) }
        if cursor.handle(key, count: visible.count, pageHeight: pageHeight) { return true }
        switch key {
        case .character(" "): toggleFocused()
        case .character("a"): checked.formUnion(visible.map(\.id))
        case .character("n"): checked.subtract(visible.map(\.id))
        case .character("/"): isFiltering = true
        default: return false
        }
        return true
    }

    /// Focuses and toggles the item on list line `line` (a mouse click); false when no item is there.
    mutating func click(line: Int, pageHeight: Int) -> Bool {
        guard let row = cursor.row(atLine: line, count: visible.count, height: pageHeight) else { return false }
        cursor.select(row, count: visible.count, pageHeight: pageHeight)
        toggleFocused()
        return true
    }

    func visibleRange(pageHeight: Int) -> Range<Int> { cursor.visibleRange(count: visible.count, height: pageHeight) }

    private mutating func toggleFocused() {
        guard let item = focused else { return }
        if checked.contains(item.id) { checked.remove(item.id) } else { checked.insert(item.id) }
    }

    private mutating func handleFilterKey(_ key: Key, pageHeight: Int) -> Bool {
        let focusedID = focused?.id
        switch key {
        case .enter:
            isFiltering = false
        case .escape:
            isFiltering = false
            filter.clear()
        case .up, .down, .pageUp, .pageDown, .home, .end, .wheelUp, .wheelDown:
            _ = cursor.handle(key, count: visible.count, pageHeight: pageHeight, letters: false)
            return true
        default:
            guard filter.handle(key) else { return false }
        }
        refocus(on: focusedID, pageHeight: pageHeight)
        return true
    }

    private mutating func refocus(on id: Item.ID?, pageHeight: Int) {
        let shown = visible
        let index = id.flatMap { id in shown.firstIndex { $0.id == id } } ?? 0
        cursor.select(index, count: shown.count, pageHeight: pageHeight)
    }
}

extension GuestRow: Checkable {
    var filterText: String {
        ([name, key.description, node, status, ipSource, syncStatus.rawValue] + protocols + [ip ?? ""]).joined(separator: " ")
    }
}
