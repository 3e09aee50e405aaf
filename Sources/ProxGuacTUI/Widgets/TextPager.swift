/// A line of text in one style.
struct StyledLine: Sendable, Hashable {
    var text: String
    var style: Style = .normal
}

/// Read-only scrolling text (plans, results, test output).
struct TextPager: Sendable, Hashable {
    var lines: [StyledLine]
    private var top = 0

    init(lines: [StyledLine] = []) {
        self.lines = lines
    }

    /// Handles scrolling keys; false for any other key.
    mutating func handle(_ key: Key, height: Int) -> Bool {
        let last = max(0, lines.count - height)
        switch key {
        case .up, .wheelUp, .character("k"): top -= 1
        case .down, .wheelDown, .character("j"): top += 1
        case .pageUp: top -= max(1, height - 1)
        case .pageDown, .character(" "): top += max(1, height - 1)
        case .home: top = 0
        case .end: top = last
        default: return false
        }
        top = max(0, min(top, last))
        return true
    }

    func render(into canvas: inout Canvas, top row: Int, height: Int, indent: Int = 1) {
        let start = max(0, min(top, lines.count - height))
        for (line, item) in lines.dropFirst(start).prefix(height).enumerated() {
            canvas.write(item.text, row: row + line, column: indent, style: item.style, maxColumns: canvas.width - indent - 1)
        }
        if lines.count > height {
            let shown = "\(start + 1)-\(min(lines.count, start + height)) of \(lines.count)"
            canvas.write(shown, row: row + height - 1, column: canvas.width - ColumnWidth.of(shown) - 1, style: .dim)
        }
    }
}
