/// One column of a table: heading, width in columns, and whether it takes the spare width.
struct TableColumn: Sendable, Hashable {
    var title: String
    var width: Int
    var alignRight = false
    var flexible = false
}

/// Fixed-width columns fitted to the screen; the flexible column grows or shrinks (never below its width).
struct TableLayout: Sendable, Hashable {
    private(set) var columns: [TableColumn]

    init(_ columns: [TableColumn], totalWidth: Int) {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.reduce(0) { $0 + $1.width } + gaps
        let spare = max(0, totalWidth - fixed)
        self.columns = columns.map { column in
            var column = column
            if column.flexible { column.width += spare }
            return column
        }
    }

    var header: String { row(columns.map(\.title)) }

    /// The cells cut or padded to their columns, separated by one space.
    func row(_ cells: [String]) -> String {
        zip(columns, cells).map { ColumnWidth.fit($1, to: $0.width, alignRight: $0.alignRight) }.joined(separator: " ")
    }
}
