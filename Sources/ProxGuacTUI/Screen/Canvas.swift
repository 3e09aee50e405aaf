import ProxGuacCore

/// A grid of styled cells that screens draw into: the whole UI renders here, so tests read the screen
/// as plain lines and the curses driver only copies it to the terminal.
public struct Canvas: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The character shown, or nil for the second column of a wide character.
        public var character: Character?
        public var style: Style
    }

    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(character: " ", style: .normal), count: self.width * self.height)
    }

    /// Writes `text` at (`row`, `column`), clipped to `maxColumns` and to the right edge.
    /// Control characters become spaces; a wide character that would not fit becomes a space.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, style: Style = .normal, maxColumns: Int? = nil) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let limit = min(width, column + (maxColumns ?? width))
        var x = column
        // Text from notes, Guacamole and Proxmox: controls, C1 codes and bidi overrides shown as escapes.
        for character in TerminalText.escaped(text) {
            let shown: Character = character.unicodeScalars.allSatisfy(Self.isDrawable) ? character : " "
            let columns = ColumnWidth.of(shown)
            if columns == 0 { continue }
            if x + columns > limit {
                if x < limit { set(row, x, " ", style) ; x += 1 }
                break
            }
            set(row, x, shown, style)
            if columns == 2 { set(row, x + 1, nil, style) }
            x += columns
        }
        return x - column
    }

    /// Whether a scalar from outside (a guest name, notes, an error) may reach the terminal: not a C0 or
    /// C1 control (ESC, CSI 0x9B could move the cursor or change colours) and not a bidirectional
    /// override or isolate (it would reorder the rest of the row). A minimal sanitiser for cells; #14
    /// adds one for all output, to be folded together.
    static func isDrawable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: false
        default: true
        }
    }

    /// Paints a whole row (or part of it) in `style`, e.g. for a selection bar.
    public mutating func fill(row: Int, from column: Int = 0, columns: Int? = nil, style: Style) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (columns ?? width))
        for x in max(0, column)..<max(max(0, column), end) {
            cells[row * width + x].style = style
        }
    }

    /// Blanks a whole row (characters and styles), so what is drawn next is not mixed with what was there.
    public mutating func clear(row: Int) {
        guard row >= 0, row < height else { return }
        for x in 0..<width { cells[row * width + x] = Cell(character: " ", style: .normal) }
    }

    public func cell(row: Int, column: Int) -> Cell { cells[row * width + column] }

    /// The screen as text, one string per row, trailing spaces removed.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for x in 0..<width {
                if let character = cells[row * width + x].character { line.append(character) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Runs of equal style along one row, for the driver: (start column, text, style).
    public func runs(row: Int) -> [(column: Int, text: String, style: Style)] {
        var runs: [(column: Int, text: String, style: Style)] = []
        for x in 0..<width {
            let cell = cells[row * width + x]
            if let last = runs.last, last.style == cell.style {
                if let character = cell.character { runs[runs.count - 1].text.append(character) }
            } else {
                runs.append((x, cell.character.map { String($0) } ?? "", cell.style))
            }
        }
        return runs
    }

    private mutating func set(_ row: Int, _ column: Int, _ character: Character?, _ style: Style) {
        let index = row * width + column
        let old = cells[index].character
        // Overwriting half of a wide character blanks its other half.
        if character != nil, old == nil, column > 0 { cells[index - 1].character = " " }
        if let old, ColumnWidth.of(old) == 2, column + 1 < width { cells[index + 1].character = " " }
        cells[index] = Cell(character: character, style: style)
    }
}

extension Canvas {
    /// Marks the focused row of a list: `›` in the first column and the selection style across the row,
    /// so the focus shows in colour, in monochrome and in a plain-text capture.
    mutating func markFocus(row: Int, width: Int) {
        fill(row: row, from: 1, columns: width - 2, style: .selected)
        write("›", row: row, column: 0, style: .accent)
    }
}

/// Short names for where an address came from, for narrow table columns.
enum IPSource {
    static func short(_ source: String) -> String {
        let lower = source.lowercased()
        if lower.contains("agent") { return "agent" }
        for prefix in ["lxc", "arp", "notes", "none", "dhcp", "guacamole", "static"] where lower.hasPrefix(prefix) {
            return prefix
        }
        return String(lower.prefix { $0 != " " && $0 != ":" && $0 != "(" })
    }
}
