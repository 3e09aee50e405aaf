/// A line of text in one style.
struct StyledLine: Sendable, Hashable {
    var text: String
    var style: Style = .normal
    /// Where wrapped continuation lines start (e.g. under a plan line's reason); nil: two past the indent.
    var hang: Int? = nil
}

/// Read-only scrolling text (plans, results, test output). Lines longer than the screen wrap (the
/// continuation indented by two), so an error keeps its end; when the text is longer than the view,
/// the last row of the view shows `lines 1-18 of 40` and nothing else.
struct TextPager: Sendable, Hashable {
    var lines: [StyledLine]
    private var top = 0

    init(lines: [StyledLine] = []) {
        self.lines = lines
    }

    /// Handles scrolling keys; false for any other key. `width` is the canvas width.
    @discardableResult
    mutating func handle(_ key: Key, height: Int, width: Int = TerminalSize.minimum.width) -> Bool {
        let shown = Self.wrapped(lines, width: width)
        let page = Self.contentHeight(shown.count, height)
        let last = max(0, shown.count - page)
        switch key {
        case .up, .wheelUp, .character("k"): top -= 1
        case .down, .wheelDown, .character("j"): top += 1
        case .pageUp: top -= max(1, page - 1)
        case .pageDown, .character(" "): top += max(1, page - 1)
        case .home: top = 0
        case .end: top = last
        default: return false
        }
        top = max(0, min(top, last))
        return true
    }

    func render(into canvas: inout Canvas, top row: Int, height: Int, indent: Int = 1) {
        let shown = Self.wrapped(lines, width: canvas.width, indent: indent)
        let page = Self.contentHeight(shown.count, height)
        let start = max(0, min(top, shown.count - page))
        for (line, item) in shown.dropFirst(start).prefix(page).enumerated() {
            canvas.write(item.text, row: row + line, column: indent, style: item.style, maxColumns: canvas.width - indent - 1)
        }
        if shown.count > page {
            let more = start + page < shown.count ? "   ↓ more" : ""
            let text = "lines \(start + 1)-\(min(shown.count, start + page)) of \(shown.count)\(more)"
            canvas.write(text, row: row + height - 1, column: canvas.width - ColumnWidth.of(text) - 1, style: .dim)
        }
    }

    /// Rows of content in a view of `height` rows: one less when the position line is needed.
    private static func contentHeight(_ count: Int, _ height: Int) -> Int {
        count > height ? max(1, height - 1) : height
    }

    static func wrapped(_ lines: [StyledLine], width: Int, indent: Int = 1) -> [StyledLine] {
        let room = max(10, width - indent - 1)
        return lines.flatMap { line -> [StyledLine] in
            guard ColumnWidth.of(line.text) > room else { return [line] }
            let lead = line.text.prefix { $0 == " " }.count
            if let hang = line.hang, room - hang >= 20 {
                // The first line keeps its columns up to the hang; the rest wraps under it.
                let head = String(line.text.prefix(hang))
                let rest = ColumnWidth.wrap(String(line.text.dropFirst(hang)), to: room - hang)
                return rest.enumerated().map { index, part in
                    StyledLine(text: (index == 0 ? head : String(repeating: " ", count: hang)) + part, style: line.style)
                }
            }
            let parts = ColumnWidth.wrap(String(line.text.dropFirst(lead)), to: room - lead - 2)
            return parts.enumerated().map { index, part in
                StyledLine(text: String(repeating: " ", count: lead + (index == 0 ? 0 : 2)) + part, style: line.style)
            }
        }
    }
}
