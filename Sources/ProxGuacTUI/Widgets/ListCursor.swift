/// A cursor over a list that scrolls: which row is focused and which rows are on screen.
/// The visible window is always recomputed from the focused row, so a resize never loses the focus.
struct ListCursor: Sendable, Hashable {
    private(set) var index = 0
    private var offset = 0

    /// Handles navigation keys (arrows, j/k, PgUp/PgDn, Home/End, mouse wheel); false for any other key.
    mutating func handle(_ key: Key, count: Int, pageHeight: Int, letters: Bool = true) -> Bool {
        let page = max(1, pageHeight - 1)
        switch key {
        case .up, .wheelUp: select(index - 1, count: count, pageHeight: pageHeight)
        case .down, .wheelDown: select(index + 1, count: count, pageHeight: pageHeight)
        case .character("k") where letters: select(index - 1, count: count, pageHeight: pageHeight)
        case .character("j") where letters: select(index + 1, count: count, pageHeight: pageHeight)
        case .pageUp: select(index - page, count: count, pageHeight: pageHeight)
        case .pageDown: select(index + page, count: count, pageHeight: pageHeight)
        case .home: select(0, count: count, pageHeight: pageHeight)
        case .end: select(count - 1, count: count, pageHeight: pageHeight)
        default: return false
        }
        return true
    }

    /// Focuses row `newIndex` (clamped to the list) and scrolls just enough to show it.
    mutating func select(_ newIndex: Int, count: Int, pageHeight: Int) {
        index = max(0, min(newIndex, count - 1))
        offset = visibleRange(count: count, height: pageHeight).lowerBound
    }

    /// The rows on screen for a list of `count` rows in `height` lines, always containing the focus.
    func visibleRange(count: Int, height: Int) -> Range<Int> {
        guard count > 0, height > 0 else { return 0..<0 }
        let focus = max(0, min(index, count - 1))
        var top = offset
        if focus < top { top = focus }
        if focus >= top + height { top = focus - height + 1 }
        top = max(0, min(top, count - height))
        return top..<min(count, top + height)
    }

    /// The row index shown on screen line `line` (0 = first list line), if any.
    func row(atLine line: Int, count: Int, height: Int) -> Int? {
        let range = visibleRange(count: count, height: height)
        let row = range.lowerBound + line
        return line >= 0 && range.contains(row) ? row : nil
    }
}
