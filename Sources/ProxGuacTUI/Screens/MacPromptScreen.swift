/// Test network: asks for a MAC address (or none, for every guest), then shows what was found.
struct MacPromptScreen: Screen {
    private(set) var field = TextField(maxLength: 17)

    var title: String { "Test network" }
    var hints: String { "type a MAC (or nothing for all guests)   Enter test   Esc back" }
    var capturesText: Bool { true }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        if field.handle(key) { return .stay }
        switch key {
        case .enter: return .start(.testNetwork(mac: field.value.isEmpty ? nil : field.value))
        case .escape: return .back()
        default: return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .lines(let lines): return .replace(ReportScreen(title: "Test network", lines: lines))
        case .failed(let message): return .replace(ReportScreen(title: "Test network", lines: ["failed: \(message)"]))
        default: return .stay
        }
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        canvas.write("Find a guest by its MAC address (as in the VM's network device), e.g. bc:24:11:00:01:06.", row: top + 1, column: 1)
        canvas.write("Leave it empty to show how every guest's address is found.", row: top + 2, column: 1, style: .dim)
        canvas.write("MAC: ", row: top + 4, column: 1, style: .heading)
        canvas.write(field.value + "▏", row: top + 4, column: 6, style: .accent)
    }
}
