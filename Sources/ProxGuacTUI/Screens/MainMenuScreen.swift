/// The first screen: what proxguac can do, one line each.
struct MainMenuScreen: Screen {
    enum Item: CaseIterable, Sendable {
        case add, autoSync, list, delete, encrypt, testAuth, testNetwork, quit

        var title: String {
            switch self {
            case .add: "Add guests"
            case .autoSync: "Auto sync"
            case .list: "List / status"
            case .delete: "Delete connections"
            case .encrypt: "Encrypt passwords in notes"
            case .testAuth: "Test auth"
            case .testNetwork: "Test network"
            case .quit: "Quit"
            }
        }

        var help: String {
            switch self {
            case .add: "Pick guests, see the plan, create them"
            case .autoSync: "Full plan (create, update, delete)"
            case .list: "Every connection, in sync or not, and why"
            case .delete: "Remove managed connections and groups"
            case .encrypt: "Turn plain pass: into encrypted_password:"
            case .testAuth: "Log in to Proxmox VE and Guacamole"
            case .testNetwork: "Find guests' addresses (agent, ARP, notes)"
            case .quit: "Leave proxguac"
            }
        }
    }

    private var cursor = ListCursor()
    private static let firstItemLine = 3

    var title: String { "Main menu" }
    var hints: String { "↑↓/j k move   Enter open   1-8 jump   q quit" }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        canvas.write("Proxmox VE guests → Apache Guacamole connections", row: top + 1, column: 4, style: .heading)
        for (index, item) in Item.allCases.enumerated() {
            let row = top + Self.firstItemLine + index
            let selected = index == cursor.index
            if selected { canvas.fill(row: row, from: 2, columns: layout.width - 4, style: .selected) }
            let style: Style = selected ? .selected : .normal
            canvas.write((selected ? "› " : "  ") + "\(index + 1)  " + item.title, row: row, column: 3, style: style)
            canvas.write(item.help, row: row, column: 36, style: selected ? .selected : .dim, maxColumns: layout.width - 38)
        }
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        let count = Item.allCases.count
        if cursor.handle(key, count: count, pageHeight: count) { return .stay }
        switch key {
        case .enter, .right:
            return open(Item.allCases[cursor.index])
        case .character(let digit) where digit.wholeNumberValue.map { (1...count).contains($0) } == true:
            let index = (digit.wholeNumberValue ?? 1) - 1
            cursor.select(index, count: count, pageHeight: count)
            return open(Item.allCases[index])
        case .click(let row, _):
            let index = row - layout.bodyTop - Self.firstItemLine
            guard (0..<count).contains(index) else { return .stay }
            cursor.select(index, count: count, pageHeight: count)
            return open(Item.allCases[index])
        case .character("q"), .escape:
            return .quit(0)
        default:
            return .stay
        }
    }

    private func open(_ item: Item) -> Transition {
        switch item {
        case .add: .push(GuestPickerScreen(), start: .loadGuests)
        case .autoSync: .push(PlanReviewScreen(), start: .plan(.everything))
        case .list: .push(StatusScreen(), start: .loadStatus)
        case .delete: .push(DeleteTreeScreen(), start: .loadTree)
        case .encrypt: .push(EncryptScreen(), start: .countPlainPasswords(guests: nil))
        case .testAuth: .push(ReportScreen(title: "Test auth"), start: .testAuth)
        case .testNetwork: .push(MacPromptScreen())
        case .quit: .quit(0)
        }
    }
}
