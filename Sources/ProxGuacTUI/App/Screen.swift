/// A one-line message in the status row.
struct Notice: Sendable, Hashable {
    var text: String
    var style: Style = .normal
}

/// Where things go on a screen of a given size: title on row 0, body, status row, hint row.
struct Layout: Sendable, Hashable {
    var size: TerminalSize
    var width: Int { size.width }
    var bodyTop: Int { 1 }
    var bodyHeight: Int { max(0, size.height - 3) }
    var statusRow: Int { size.height - 2 }
    var hintRow: Int { size.height - 1 }
}

/// What a screen wants to happen after a key or a result.
enum Transition: Sendable {
    case stay
    /// Back to the previous screen, optionally with a message there.
    case back(Notice? = nil)
    /// Back to the main menu.
    case toMenu
    case push(any Screen, start: Operation? = nil)
    case replace(any Screen)
    case start(Operation)
    case quit(Int32)
}

/// One screen of the UI: pure state that handles keys and results and draws itself into a canvas.
protocol Screen: Sendable {
    /// Shown in the title bar.
    var title: String { get }
    /// Key hints for the bottom row.
    var hints: String { get }
    /// The screen's own status-row message, if any.
    var notice: Notice? { get }
    /// True while the screen takes typed text (a filter, a MAC, DELETE): `?` and `m` then go to it.
    var capturesText: Bool { get }
    /// The screen's keys, one line each, for `?`/F1.
    var help: [String] { get }
    /// What the colours and words of the screen mean, for `?`/F1 (empty when nothing to explain).
    var legend: [StyledLine] { get }
    mutating func handle(_ key: Key, in layout: Layout) -> Transition
    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition
    func render(into canvas: inout Canvas, in layout: Layout)
}

extension Screen {
    var notice: Notice? { nil }
    var capturesText: Bool { false }
    var help: [String] { [hints] }
    var legend: [StyledLine] { [] }
    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition { .stay }
}
