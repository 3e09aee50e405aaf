@testable import ProxGuacTUI

/// Drives an `AppModel` the way the terminal loop does, but in-process: keys go in, backend operations
/// run against a fresh `DemoBackend` (or are held back when `runsOperations` is false), and the screen
/// is read as plain text.
struct UIHarness {
    var model: AppModel
    let backend: DemoBackend
    var runsOperations = true
    private(set) var started: [Operation] = []
    private(set) var cancelRequests = 0
    private(set) var exitCode: Int32?

    /// `clusters`: 2 or more runs the demo data of `--demo-clusters N` (named clusters `lab1`, `lab2`, …).
    init(width: Int = 80, height: Int = 24, keyConfigured: Bool = true, clusters: Int = 1) {
        backend = DemoBackend(stepDelay: .zero, keyConfigured: keyConfigured, clusters: clusters)
        model = AppModel(size: TerminalSize(width: width, height: height), badge: "DEMO DATA")
    }

    var lines: [String] { model.render().lines }
    var text: String { lines.joined(separator: "\n") }

    /// The line that shows the focus marker `›`, if any.
    var focusedLine: String? { lines.first { $0.hasPrefix("›") } }

    mutating func press(_ keys: Key...) async {
        for key in keys { await process(model.handle(.key(key))) }
    }

    mutating func type(_ text: String) async {
        for character in text { await press(.character(character)) }
    }

    mutating func send(_ event: AppEvent) async {
        await process(model.handle(event))
    }

    mutating func resize(width: Int, height: Int) async {
        await send(.resize(TerminalSize(width: width, height: height)))
    }

    /// Opens main-menu entry `number` (1-8) from the menu.
    mutating func openMenuItem(_ number: Int) async {
        await type(String(number))
    }

    private mutating func process(_ effects: [Effect]) async {
        for effect in effects {
            switch effect {
            case .start(let operation):
                started.append(operation)
                if runsOperations {
                    let result = await OperationRunner.perform(operation, on: backend) { _ in }
                    await process(model.handle(.finished(result)))
                }
            case .cancel:
                cancelRequests += 1
            case .quit(let code):
                exitCode = code
            }
        }
    }
}
