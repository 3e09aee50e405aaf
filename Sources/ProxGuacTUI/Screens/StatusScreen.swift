import ProxGuacCore

/// List / status: every connection with its state in colour, a detail pane saying why, `r` to reload,
/// and `p` (push) / `l` (pull) to repair the focused row after a y/n confirmation.
struct StatusScreen: Screen {
    private(set) var rows: [StatusRow] = []
    /// `/` narrows the list to rows whose name, state, VMID or address contains the text.
    private var filter = TextField(maxLength: 40)
    private(set) var isFiltering = false
    /// `s` cycles: planner order, state, name, VMID.
    private(set) var sort = StatusSort.plan
    /// Only rows in these states (opened from the Auto sync review to decide drift); nil: all rows.
    let only: Set<SyncState>?

    init(only: Set<SyncState>? = nil) {
        self.only = only
    }
    private var cursor = ListCursor()
    private var loaded = false
    private(set) var pendingRepair: RepairDirection?
    /// Set when the pending repair deletes from Guacamole (a push on an orphan): DELETE must be typed.
    private(set) var typedConfirmation: TextField?
    private var ownNotice: Notice?

    private static let linesAbove = 2
    private static let linesBelow = 5

    var title: String { only == nil ? "List / status" : "Auto sync · decide drift" }
    var hints: String {
        if typedConfirmation != nil { return "type DELETE then Enter   Esc cancel (nothing is changed)" }
        if isFiltering { return "type to filter   ↑↓ move   Enter keep filter   Esc clear filter" }
        return pendingRepair == nil ? "↑↓ move   r refresh   p push   l pull   / filter   s sort   Esc back" : "y confirm   n/Esc cancel"
    }

    var capturesText: Bool { typedConfirmation != nil || isFiltering }

    var help: [String] {
        [
            "↑↓ j k PgUp PgDn Home End   move",
            "r            read Proxmox VE and Guacamole again",
            "/            filter by name, state, VMID or address (Enter keeps it, Esc clears it)",
            "s            sort: planner order, state, name, VMID",
            "p            push: the notes win (creates, updates or, for an orphan, deletes in Guacamole)",
            "l            pull: Guacamole wins (writes its values into the guest's notes)",
            "             Each asks first; a delete asks you to type DELETE.",
            "Esc, q       back to the menu",
        ]
    }

    var legend: [StyledLine] {
        SyncState.allCases.map { state in
            StyledLine(text: "  " + ColumnWidth.fit(state.rawValue, to: 14) + state.explanation, style: state.style)
        }
    }

    var notice: Notice? {
        guard let pendingRepair, let row = focused else { return ownNotice }
        if let typedConfirmation {
            if let ownNotice { return Notice(text: ownNotice.text + "  " + typedConfirmation.value + "▏", style: ownNotice.style) }
            return Notice(text: "Type DELETE then Enter to delete \(row.name) from Guacamole (no notes entry asks for it; users lose access): "
                          + typedConfirmation.value + "▏", style: .bad)
        }
        // The question first: long connection names must not push "y/n" off the screen.
        return Notice(text: "\(pendingRepair == .push ? "Push" : "Pull")? y/n  \(row.name): " + Self.consequence(of: pendingRepair, on: row),
                      style: .accent)
    }

    /// What a repair does to the row, naming the fields and the side that loses them.
    static func consequence(of direction: RepairDirection, on row: StatusRow) -> String {
        let fields = row.changedFields.isEmpty ? "" : " (" + row.changedFields.joined(separator: ", ") + ")"
        switch (direction, row.state) {
        case (.push, .missing), (.push, .deletedInGuacamole):
            return "create it in Guacamole from the notes"
        case (.push, .orphan):
            return "delete it from Guacamole"
        case (.push, .conflict):
            return "the notes win; Guacamole's own changes\(fields) are lost"
        case (.push, _):
            return "overwrite Guacamole with the notes\(fields)"
        case (.pull, .conflict):
            return "Guacamole wins; the edits made in the notes\(fields) are lost"
        case (.pull, _):
            return "write Guacamole's values\(fields) into the guest's notes"
        }
    }

    /// The rows on the list: filtered, then sorted.
    var shown: [StatusRow] {
        let needle = filter.value.lowercased()
        let rows = only.map { states in self.rows.filter { states.contains($0.state) } } ?? self.rows
        let matching = needle.isEmpty ? rows : rows.filter { row in
            [row.name, row.state.rawValue, row.guestText ?? "", row.ip ?? "", row.proto]
                .contains { $0.lowercased().contains(needle) }
        }
        return sort.sorted(matching)
    }

    var focused: StatusRow? {
        let shown = self.shown
        return shown.indices.contains(cursor.index) ? shown[cursor.index] : nil
    }

    static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - linesAbove - linesBelow) }

    /// Windows at least this wide also show PORT, USER, GROUP and LAST SYNC.
    static let wideWidth = 130

    private static func table(_ layout: Layout, guest: GuestColumn) -> TableLayout {
        var columns = [
            TableColumn(title: "STATE", width: 13),
            TableColumn(title: "CONNECTION", width: 16, flexible: true),
            TableColumn(title: "PROTO", width: 5),
            guest.column,
            TableColumn(title: "IPv4", width: 15),
            TableColumn(title: "SOURCE", width: 7),
            TableColumn(title: "ID", width: 5, alignRight: true),
        ]
        if layout.width >= wideWidth {
            columns.insert(TableColumn(title: "PORT", width: 5, alignRight: true), at: 5)
            columns += [
                TableColumn(title: "USER", width: 12),
                TableColumn(title: "GROUP", width: 18),
                TableColumn(title: "LAST SYNC (UTC)", width: 16),
            ]
        }
        return TableLayout(columns, totalWidth: layout.width - 2)
    }

    private static func cells(_ item: StatusRow, wide: Bool, guest: GuestColumn) -> [String] {
        var cells = [
            item.state.rawValue, item.name, item.proto, item.guestKey.map(guest.text) ?? "—", item.ip ?? "—",
            IPSource.short(item.ipSource), item.connectionID ?? "—",
        ]
        if wide { cells.insert(item.port ?? "—", at: 5) }
        if wide { cells += [item.user.isEmpty ? "—" : item.user, item.group.isEmpty ? "—" : item.group, item.lastSync ?? "never"] }
        return cells
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        ownNotice = nil
        if var field = typedConfirmation {
            if field.handle(key) {
                typedConfirmation = field
                return .stay
            }
            switch key {
            case .enter where field.value == DeleteConfirmScreen.confirmationWord:
                typedConfirmation = nil
                pendingRepair = nil
                guard let row = focused else { return .stay }
                return .start(.repair(row, .push))
            case .enter:
                ownNotice = Notice(text: "Type DELETE in capital letters to confirm, or press Esc to cancel.", style: .warning)
                return .stay
            case .escape:
                typedConfirmation = nil
                pendingRepair = nil
                ownNotice = Notice(text: "Cancelled; nothing was deleted.", style: .warning)
                return .stay
            default:
                return .stay
            }
        }
        if let direction = pendingRepair {
            pendingRepair = nil
            switch key {
            case .character("y"), .character("Y"), .enter:
                guard let row = focused else { return .stay }
                return .start(.repair(row, direction))
            default:
                ownNotice = Notice(text: "Not repaired; nothing was changed.")
                return .stay
            }
        }
        let page = Self.pageHeight(layout)
        let count = shown.count
        if isFiltering {
            if cursor.handle(key, count: count, pageHeight: page, letters: false) { return .stay }
            switch key {
            case .enter: isFiltering = false
            case .escape:
                isFiltering = false
                filter = TextField(maxLength: 40)
            default:
                if filter.handle(key) { cursor.select(0, count: shown.count, pageHeight: page) }
            }
            return .stay
        }
        if cursor.handle(key, count: count, pageHeight: page) { return .stay }
        switch key {
        case .character("/"):
            isFiltering = true
        case .character("s"):
            let id = focused?.id
            sort = sort.next
            let index = id.flatMap { id in shown.firstIndex { $0.id == id } } ?? 0
            cursor.select(index, count: count, pageHeight: page)
        case .character("r"):
            return .start(.loadStatus)
        case .character("p"):
            askRepair(.push)
        case .character("l"):
            askRepair(.pull)
        case .click(let row, _):
            if let index = cursor.row(atLine: row - layout.bodyTop - Self.linesAbove, count: count, height: page) {
                cursor.select(index, count: count, pageHeight: page)
            }
        case .escape where !filter.value.isEmpty:
            filter = TextField(maxLength: 40)
            cursor.select(0, count: shown.count, pageHeight: page)
        case .escape, .character("q"):
            return .back(only == nil ? nil : Notice(text: "Back to the plan: r plans again with your repairs.", style: .accent))
        default:
            break
        }
        return .stay
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .status(let newRows):
            let focusedID = focused?.id
            rows = newRows
            loaded = true
            let list = shown
            let index = focusedID.flatMap { id in list.firstIndex { $0.id == id } } ?? cursor.index
            cursor.select(index, count: list.count, pageHeight: Self.pageHeight(layout))
            return .stay
        case .repaired(let message):
            ownNotice = Notice(text: message, style: .good)
            return .start(.loadStatus)
        case .cancelled where !loaded:
            return .back(Notice(text: "Cancelled.", style: .warning))
        default:
            return .stay
        }
    }

    private mutating func askRepair(_ direction: RepairDirection) {
        guard let row = focused else { return }
        if let refusal = Self.refusal(direction, row) {
            ownNotice = Notice(text: refusal, style: .warning)
            return
        }
        pendingRepair = direction
        if direction == .push && row.state == .orphan { typedConfirmation = TextField(maxLength: 16) }
    }

    /// Why `direction` does not apply to the row (nothing is asked or changed then), or nil.
    static func refusal(_ direction: RepairDirection, _ row: StatusRow) -> String? {
        switch direction {
        case .push where !row.state.canPush:
            return "\(row.name) is \(row.state.rawValue) (\(row.state.explanation)): nothing to push."
        case .pull where !row.state.canPull:
            switch row.state {
            case .orphan:
                return "\(row.name) is an orphan: no notes entry to pull into; nothing was changed (p deletes it from Guacamole)."
            case .missing, .deletedInGuacamole:
                return "\(row.name) is not in Guacamole: nothing to pull; nothing was changed (p creates it from the notes)."
            case .pveChanged:
                return "\(row.name) changed in the notes: a pull would undo that edit; nothing was changed (p pushes it)."
            default:
                return "\(row.name) is \(row.state.rawValue) (\(row.state.explanation)): nothing to pull."
            }
        default:
            return nil
        }
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        var column = 1
        for state in SyncState.allCases {
            let count = rows.count { $0.state == state && (only?.contains(state) ?? true) }
            guard count > 0 else { continue }
            column += canvas.write("\(count) \(state.rawValue)   ", row: top, column: column, style: state.style)
        }
        let list = shown
        if !rows.isEmpty {
            var position = list.isEmpty ? "0/0" : "\(cursor.index + 1)/\(list.count)"
            if list.count != rows.count { position += " of \(rows.count)" }
            if isFiltering || !filter.value.isEmpty { position = "/\(filter.value)\(isFiltering ? "▏" : "")  " + position }
            if sort != .plan { position = "by \(sort.rawValue)  " + position }
            let width = ColumnWidth.of(position)
            canvas.clear(row: top)
            column = 1
            for state in SyncState.allCases {
                let count = rows.count { $0.state == state && (only?.contains(state) ?? true) }
                guard count > 0 else { continue }
                let text = "\(count) \(state.rawValue)   "
                guard column + ColumnWidth.of(text) < layout.width - width - 2 else { break }
                column += canvas.write(text, row: top, column: column, style: state.style)
            }
            canvas.write(position, row: top, column: layout.width - width - 1, style: isFiltering ? .accent : .dim)
        }
        let guestColumn = GuestColumn(rows.compactMap(\.guestKey))
        let table = Self.table(layout, guest: guestColumn)
        canvas.write(table.header, row: top + 1, column: 1, style: .heading)
        let page = Self.pageHeight(layout)
        for (line, index) in cursor.visibleRange(count: list.count, height: page).enumerated() {
            let item = list[index]
            let row = top + Self.linesAbove + line
            let isFocused = index == cursor.index
            let cells = Self.cells(item, wide: layout.width >= Self.wideWidth, guest: guestColumn)
            if isFocused { canvas.markFocus(row: row, width: layout.width) }
            canvas.write(table.row(cells), row: row, column: 1, style: isFocused ? .selected : .normal)
            if !isFocused {
                canvas.write(cells[0], row: row, column: 1, style: item.state.style, maxColumns: table.columns[0].width)
            }
        }
        if loaded && !rows.isEmpty && list.isEmpty {
            let text = filter.value.isEmpty && only != nil
                ? "Nothing left to decide. Esc goes back to the plan (r there plans again)."
                : "No row matches “\(filter.value)”."
            canvas.write(text, row: top + 2, column: 2, style: .dim)
        }
        if loaded && rows.isEmpty {
            canvas.write("No guest has a credential entry and no managed connection exists.", row: top + 2, column: 2, style: .dim)
        }
        renderDetail(into: &canvas, top: top + Self.linesAbove + page, layout: layout)
    }

    private func renderDetail(into canvas: inout Canvas, top: Int, layout: Layout) {
        canvas.write(String(repeating: "─", count: layout.width - 2), row: top, column: 1, style: .dim)
        guard let row = focused else { return }
        // A named cluster's guest as `guest lab1/101` (the form selectors take), short enough for 80 columns.
        let guest = row.vmid.map { vmid in row.cluster.map { "guest \($0.text)/\(vmid)" } ?? "vmid \(vmid)" } ?? "no guest"
        let connection = row.connectionID.map { "Guacamole connection \($0)" } ?? "no Guacamole connection"
        canvas.write("\(row.name) · \(guest) · \(row.proto) · \(connection)", row: top + 1, column: 1, style: .heading)
        let address = row.ip.map { "IPv4 \($0) from \(row.ipSource)" } ?? "No usable address (\(row.ipSource))"
        canvas.write(address, row: top + 2, column: 1)
        for (index, line) in ColumnWidth.wrap("Why: \(row.reason)", to: layout.width - 2).prefix(2).enumerated() {
            canvas.write(line, row: top + 3 + index, column: 1, style: row.state.style)
        }
    }
}

/// The List screen's order.
enum StatusSort: String, Sendable, Hashable, CaseIterable {
    case plan = "planner order", state, name, vmid = "VMID"

    var next: StatusSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    func sorted(_ rows: [StatusRow]) -> [StatusRow] {
        switch self {
        case .plan: rows
        case .state:
            rows.enumerated().sorted { a, b in
                let (x, y) = (SyncState.allCases.firstIndex(of: a.element.state)!, SyncState.allCases.firstIndex(of: b.element.state)!)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
        case .name: rows.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        case .vmid:
            rows.enumerated().sorted { a, b in
                switch (a.element.guestKey, b.element.guestKey) {
                case let (x?, y?) where x != y: x < y
                case (.some, nil): true
                case (nil, .some): false
                default: a.offset < b.offset
                }
            }.map(\.element)
        }
    }
}
