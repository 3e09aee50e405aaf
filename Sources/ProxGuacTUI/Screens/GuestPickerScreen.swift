import ProxGuacCore

/// Add guests: a filterable checkbox list of guests with credential entries; Enter plans the selection.
/// With `withoutEntries` (key `e`), it lists the guests whose notes hold no entry; Enter asks for one.
struct GuestPickerScreen: Screen {
    /// Lists guests without a credential entry; Enter asks for user, protocols and password.
    var withoutEntries = false
    private(set) var list = CheckboxList<GuestRow>()
    private var loaded = false
    private(set) var notice: Notice?

    /// Lines above the list (filter line, column headings) and below it (rule, two detail lines).
    private static let linesAbove = 2
    private static let linesBelow = 3

    var title: String { withoutEntries ? "Add guests · without an entry" : "Add guests" }
    var capturesText: Bool { list.isFiltering }
    var hints: String {
        list.isFiltering
            ? "type to filter   ↑↓ move   Enter keep filter   Esc clear filter"
            : withoutEntries ? "Space toggle   / filter   r refresh   Enter type an entry   Esc back"
            : "Space toggle   a all   n none   / filter   e guests without an entry   r refresh   Enter plan   Esc back"
    }

    static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - linesAbove - linesBelow) }

    private static func table(_ layout: Layout, protocolsWidth: Int = 8, guest: GuestColumn) -> TableLayout {
        TableLayout([
            TableColumn(title: "", width: 3),
            TableColumn(title: "NAME", width: 13, flexible: true),
            guest.column,
            TableColumn(title: "NODE", width: 4),
            TableColumn(title: "STATUS", width: 7),
            // Widens for guests with many protocols, as far as the window leaves room for names.
            TableColumn(title: "PROTOS", width: max(7, min(protocolsWidth, layout.width - 80 + 7))),
            TableColumn(title: "IPv4", width: 15),
            TableColumn(title: "SOURCE", width: 6),
            TableColumn(title: "SYNC", width: 10),
        ], totalWidth: layout.width - 2)
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        let page = Self.pageHeight(layout)
        if list.handle(key, pageHeight: page) { return .stay }
        switch key {
        case .enter:
            let chosen = list.checkedItems.map(\.key)
            guard !chosen.isEmpty else {
                notice = Notice(text: "Select at least one guest first (Space toggles, a selects all shown).", style: .warning)
                return .stay
            }
            if withoutEntries { return .push(NewEntryScreen(guests: chosen)) }
            return .start(.plan(.guests(chosen)))
        case .character("e") where !withoutEntries:
            return .push(GuestPickerScreen(withoutEntries: true), start: .loadGuestsWithoutEntries)
        case .click(let row, _):
            _ = list.click(line: row - layout.bodyTop - Self.linesAbove, pageHeight: page)
            return .stay
        case .character("r"):
            return .start(withoutEntries ? .loadGuestsWithoutEntries : .loadGuests)
        case .escape, .character("q"):
            return .back()
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .guests(let rows):
            loaded = true
            list.replaceItems(rows, pageHeight: Self.pageHeight(layout))
            if rows.isEmpty && withoutEntries {
                notice = Notice(text: "Every guest already has a credential entry in its notes.")
            } else if rows.isEmpty {
                notice = Notice(text: "No guest has a credential entry in its notes yet (see docs/notes-syntax.md).")
            }
            return .stay
        case .plan(let plan):
            return .push(PlanReviewScreen(plan: plan))
        case .cancelled where !loaded:
            return .back(Notice(text: "Cancelled.", style: .warning))
        default:
            return .stay
        }
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        let filterText: String =
            if list.isFiltering { "Filter: \(list.filter.value)▏" }
            else if list.filter.value.isEmpty { "/ to filter" }
            else { "Filter: \(list.filter.value)   (/ to change)" }
        canvas.write(filterText, row: top, column: 1, style: list.isFiltering ? .accent : .dim)
        let count = "\(list.checked.count) of \(list.items.count) selected   \(list.visible.count) shown"
        canvas.write(count, row: top, column: layout.width - ColumnWidth.of(count) - 1, style: .dim)

        let guestColumn = GuestColumn(list.items.map(\.key))
        let table = Self.table(layout, protocolsWidth: list.items.map { ColumnWidth.of($0.protocols.joined(separator: ",")) }.max() ?? 8,
                               guest: guestColumn)
        canvas.write(table.header, row: top + 1, column: 1, style: .heading)
        let page = Self.pageHeight(layout)
        let shown = list.visible
        for (line, index) in list.visibleRange(pageHeight: page).enumerated() {
            let guest = shown[index]
            let row = top + Self.linesAbove + line
            let focused = index == list.cursor.index
            let cells = [
                list.isChecked(guest) ? "[x]" : "[ ]", guest.name, guestColumn.text(guest.key), guest.node, guest.status,
                guest.protocols.joined(separator: ","), guest.ip ?? "—", IPSource.short(guest.ipSource), withoutEntries ? "no entry" : guest.syncStatus.rawValue,
            ]
            let text = table.row(cells)
            if focused { canvas.markFocus(row: row, width: layout.width) }
            canvas.write(text, row: row, column: 1, style: focused ? .selected : .normal)
            if !focused {
                let syncColumn = 1 + ColumnWidth.of(text) - table.columns[8].width
                canvas.write(cells[8], row: row, column: syncColumn, style: withoutEntries ? .dim : guest.syncStatus.style, maxColumns: table.columns[8].width)
            }
        }
        if loaded && shown.isEmpty && !list.items.isEmpty {
            canvas.write("No guest matches “\(list.filter.value)”.", row: top + Self.linesAbove, column: 2, style: .dim)
        }
        renderDetail(into: &canvas, top: top + Self.linesAbove + page, layout: layout)
    }

    private func renderDetail(into canvas: inout Canvas, top: Int, layout: Layout) {
        canvas.write(String(repeating: "─", count: layout.width - 2), row: top, column: 1, style: .dim)
        guard let guest = list.focused else { return }
        let protocols = guest.protocols.joined(separator: ", ")
        let cluster = guest.cluster.map { " of cluster \($0.text)" } ?? ""
        canvas.write("\(guest.name) · vmid \(guest.vmid)\(cluster) on \(guest.node) · \(guest.status) · \(protocols)", row: top + 1, column: 1, style: .heading)
        let address = guest.ip.map { "IPv4 \($0) from \(guest.ipSource)" } ?? "No usable address: \(guest.ipSource)"
        let state = withoutEntries ? "no credential entry in its notes: check it, Enter types one"
            : "\(guest.syncStatus.rawValue): \(guest.syncStatus.explanation)"
        canvas.write("\(address) · \(state)", row: top + 2, column: 1)
    }
}
