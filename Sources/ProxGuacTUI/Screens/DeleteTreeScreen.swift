/// Delete connections: a checkbox tree of managed groups and connections.
struct DeleteTreeScreen: Screen {
    private(set) var tree = CheckboxTree()
    private var loaded = false
    private(set) var notice: Notice?

    private static let linesAbove = 1

    var title: String { "Delete connections" }
    var hints: String { "Space toggle   a all   n none   r refresh   Enter delete…   Esc back" }

    static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - linesAbove - 1) }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        let page = Self.pageHeight(layout)
        if key == .character(" "), let held = tree.focused?.node.heldBecause, tree.focused?.node.children.isEmpty == true {
            notice = Notice(text: "Held, not deleted: \(held).", style: .warning)
            return .stay
        }
        if tree.handle(key, pageHeight: page) { return .stay }
        switch key {
        case .enter:
            let ids = tree.idsToDelete
            guard !ids.isEmpty else {
                notice = Notice(text: "Check what to delete first (Space toggles; a group toggles all its connections).", style: .warning)
                return .stay
            }
            let counts = tree.deletionCounts
            return .push(DeleteConfirmScreen(ids: ids, titles: tree.titlesToDelete, returning: tree.returningCount,
                                             connections: counts.connections, groups: counts.groups))
        case .click(let row, _):
            _ = tree.click(line: row - layout.bodyTop - Self.linesAbove, pageHeight: page)
            return .stay
        case .character("r"):
            return .start(.loadTree)
        case .escape, .character("q"):
            return .back()
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .tree(let roots):
            loaded = true
            tree.replaceRoots(roots, pageHeight: Self.pageHeight(layout))
            if roots.isEmpty { notice = Notice(text: "proxguac manages no connections yet; nothing to delete.") }
        case .cancelled where !loaded:
            return .back(Notice(text: "Cancelled.", style: .warning))
        default:
            break
        }
        return .stay
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        let count = tree.idsToDelete.count
        canvas.write("Managed groups and connections in Guacamole", row: top, column: 1, style: .heading)
        let summary = "\(count) marked"
        canvas.write(summary, row: top, column: layout.width - ColumnWidth.of(summary) - 1, style: count > 0 ? .bad : .dim)
        let page = Self.pageHeight(layout)
        for (line, index) in tree.visibleRange(pageHeight: page).enumerated() {
            let item = tree.rows[index]
            let row = top + Self.linesAbove + line
            let focused = index == tree.cursor.index
            if focused { canvas.markFocus(row: row, width: layout.width) }
            let indent = String(repeating: "    ", count: item.depth)
            let text = "\(indent)\(tree.mark(of: item.node).rawValue) \(item.node.title)"
            let used = canvas.write(text, row: row, column: 1, style: focused ? .selected : (item.depth == 0 ? .heading : .normal))
            // The reason is long (it names the cluster); Space on the row, and the status line after loading, say it.
            let held = item.node.heldBecause == nil ? "" : "  held (Space: why)"
            canvas.write("  " + item.node.detail + held, row: row, column: 1 + used, style: focused ? .selected : held.isEmpty ? .dim : .warning)
        }
    }
}

/// Asks to type DELETE before deleting; every item can be scrolled into view first (↑↓ PgUp PgDn).
/// Esc (or Ctrl-C, which quits) changes nothing.
struct DeleteConfirmScreen: Screen {
    static let confirmationWord = "DELETE"

    let ids: [String]
    let titles: [String]
    /// How many of the connections a guest's notes still ask for (they come back on the next sync).
    let returning: Int
    private(set) var typed = TextField(maxLength: 16)
    private var pager: TextPager
    private(set) var notice: Notice?

    /// What the list holds, counted apart (nil: not known, the titles are counted).
    let connections: Int?
    let groups: Int

    init(ids: [String], titles: [String], returning: Int = 0, connections: Int? = nil, groups: Int = 0) {
        self.ids = ids
        self.titles = titles
        self.returning = returning
        self.connections = connections
        self.groups = groups
        pager = TextPager(lines: titles.map { StyledLine(text: "  " + $0) })
    }

    var title: String { "Delete connections · confirm" }
    var hints: String { "type DELETE, Enter   ↑↓ PgUp PgDn scroll   Esc cancel (nothing changes)" }
    var capturesText: Bool { true }

    /// Rows for the list: below the heading, above the warning and the prompt.
    private static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 6) }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end, .wheelUp, .wheelDown:
            pager.handle(key, height: Self.pageHeight(layout), width: layout.width)
            return .stay
        default:
            break
        }
        if typed.handle(key) { return .stay }
        switch key {
        case .enter:
            guard typed.value == Self.confirmationWord else {
                notice = Notice(text: "Type DELETE in capital letters to confirm, or press Esc to cancel.", style: .warning)
                return .stay
            }
            return .start(.delete(ids: ids))
        case .escape:
            return .back(Notice(text: "Cancelled; nothing was deleted.", style: .warning))
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        guard case .applied(let summary) = result else { return .stay }
        return .replace(ReportScreen(title: "Delete connections · result", summary: summary))
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        let what = connections.map { count in
            "\(count) connection\(count == 1 ? "" : "s")" + (groups > 0 ? ", \(groups) group\(groups == 1 ? "" : "s")" : "")
        } ?? "\(titles.count) items"
        let heading = "To delete from Guacamole (users lose access): \(what)"
        canvas.write(ColumnWidth.truncate(heading, to: layout.width - 2), row: top + 1, column: 1, style: .bad)
        let height = Self.pageHeight(layout)
        pager.render(into: &canvas, top: top + 2, height: height)
        let warningRow = top + 2 + height
        if returning > 0 {
            let text = "\(returning) of them are still in guests' notes: the next sync creates them again (remove the notes entries first)."
            for (index, line) in ColumnWidth.wrap(text, to: layout.width - 2).prefix(2).enumerated() {
                canvas.write(line, row: warningRow + index, column: 1, style: .warning)
            }
        }
        let promptRow = top + layout.bodyHeight - 2
        let used = canvas.write("Type \(Self.confirmationWord) to confirm: ", row: promptRow, column: 1, style: .heading)
        canvas.write(typed.value + "▏", row: promptRow, column: 1 + used, style: .accent)
    }
}
