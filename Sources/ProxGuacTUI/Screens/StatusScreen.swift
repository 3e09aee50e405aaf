/// List / status: every connection with its state in colour, a detail pane saying why, `r` to reload,
/// and `p` (push) / `l` (pull) to repair the focused row after a y/n confirmation.
struct StatusScreen: Screen {
    private(set) var rows: [StatusRow] = []
    private var cursor = ListCursor()
    private var loaded = false
    private(set) var pendingRepair: RepairDirection?
    private var ownNotice: Notice?

    private static let linesAbove = 2
    private static let linesBelow = 5

    var title: String { "List / status" }
    var hints: String {
        pendingRepair == nil ? "↑↓ move   r refresh   p push   l pull   Esc back" : "y confirm   n/Esc cancel"
    }

    var notice: Notice? {
        guard let pendingRepair, let row = focused else { return ownNotice }
        // The question first: long connection names must not push "y/n" off the screen.
        let what = pendingRepair == .push
            ? "overwrite Guacamole with what the notes say"
            : "write Guacamole's values into the guest's notes"
        return Notice(text: "\(pendingRepair == .push ? "Push" : "Pull")? y/n  \(row.name): \(what)", style: .accent)
    }

    var focused: StatusRow? { rows.indices.contains(cursor.index) ? rows[cursor.index] : nil }

    static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - linesAbove - linesBelow) }

    private static func table(_ layout: Layout) -> TableLayout {
        TableLayout([
            TableColumn(title: "STATE", width: 8),
            TableColumn(title: "CONNECTION", width: 16, flexible: true),
            TableColumn(title: "PROTO", width: 5),
            TableColumn(title: "VMID", width: 5, alignRight: true),
            TableColumn(title: "IPv4", width: 15),
            TableColumn(title: "SOURCE", width: 7),
            TableColumn(title: "ID", width: 5, alignRight: true),
        ], totalWidth: layout.width - 2)
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        ownNotice = nil
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
        if cursor.handle(key, count: rows.count, pageHeight: page) { return .stay }
        switch key {
        case .character("r"):
            return .start(.loadStatus)
        case .character("p"):
            askRepair(.push)
        case .character("l"):
            askRepair(.pull)
        case .click(let row, _):
            if let index = cursor.row(atLine: row - layout.bodyTop - Self.linesAbove, count: rows.count, height: page) {
                cursor.select(index, count: rows.count, pageHeight: page)
            }
        case .escape, .character("q"):
            return .back()
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
            let index = focusedID.flatMap { id in newRows.firstIndex { $0.id == id } } ?? cursor.index
            cursor.select(index, count: rows.count, pageHeight: Self.pageHeight(layout))
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
        guard row.canRepair else {
            ownNotice = Notice(text: "\(row.name) is \(row.state.rawValue): nothing to \(direction.rawValue).", style: .warning)
            return
        }
        pendingRepair = direction
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        var column = 1
        for state in SyncState.allCases {
            let count = rows.count { $0.state == state }
            guard count > 0 else { continue }
            column += canvas.write("\(count) \(state.rawValue)   ", row: top, column: column, style: state.style)
        }
        let table = Self.table(layout)
        canvas.write(table.header, row: top + 1, column: 1, style: .heading)
        let page = Self.pageHeight(layout)
        for (line, index) in cursor.visibleRange(count: rows.count, height: page).enumerated() {
            let item = rows[index]
            let row = top + Self.linesAbove + line
            let isFocused = index == cursor.index
            let cells = [
                item.state.rawValue, item.name, item.proto, item.vmid.map(String.init) ?? "—", item.ip ?? "—",
                IPSource.short(item.ipSource), item.connectionID ?? "—",
            ]
            if isFocused { canvas.markFocus(row: row, width: layout.width) }
            canvas.write(table.row(cells), row: row, column: 1, style: isFocused ? .selected : .normal)
            if !isFocused {
                canvas.write(cells[0], row: row, column: 1, style: item.state.style, maxColumns: table.columns[0].width)
            }
        }
        if loaded && rows.isEmpty {
            canvas.write("No guest has a credential entry and no managed connection exists.", row: top + 2, column: 2, style: .dim)
        }
        renderDetail(into: &canvas, top: top + Self.linesAbove + page, layout: layout)
    }

    private func renderDetail(into canvas: inout Canvas, top: Int, layout: Layout) {
        canvas.write(String(repeating: "─", count: layout.width - 2), row: top, column: 1, style: .dim)
        guard let row = focused else { return }
        let guest = row.vmid.map { "vmid \($0)" } ?? "no guest"
        let connection = row.connectionID.map { "Guacamole connection \($0)" } ?? "no Guacamole connection"
        canvas.write("\(row.name) · \(guest) · \(row.proto) · \(connection)", row: top + 1, column: 1, style: .heading)
        let address = row.ip.map { "IPv4 \($0) from \(row.ipSource)" } ?? "No IPv4 address (\(row.ipSource))"
        canvas.write(address, row: top + 2, column: 1)
        for (index, line) in ColumnWidth.wrap("Why: \(row.reason)", to: layout.width - 2).prefix(2).enumerated() {
            canvas.write(line, row: top + 3 + index, column: 1, style: row.state.style)
        }
    }
}
