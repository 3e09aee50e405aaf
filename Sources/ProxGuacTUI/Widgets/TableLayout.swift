/// One column of a table: heading, width in columns, and whether it takes the spare width.
struct TableColumn: Sendable, Hashable {
    var title: String
    var width: Int
    var alignRight = false
    var flexible = false
}

/// Fixed-width columns fitted to the screen; the flexible column takes the spare width, or gives up some of its
/// own (down to `minimumFlexibleWidth`) when the other columns need more than the screen has.
struct TableLayout: Sendable, Hashable {
    static let minimumFlexibleWidth = 8

    private(set) var columns: [TableColumn]

    init(_ columns: [TableColumn], totalWidth: Int) {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.reduce(0) { $0 + $1.width } + gaps
        // Spare width goes to the flexible column; when the others leave less than its width (a wide GUEST
        // column at 80 columns), it gives up what is missing, down to `minimumFlexibleWidth`.
        let spare = totalWidth - fixed
        self.columns = columns.map { column in
            var column = column
            if column.flexible { column.width = max(min(column.width, Self.minimumFlexibleWidth), column.width + spare) }
            return column
        }
    }

    var header: String { row(columns.map(\.title)) }

    /// The cells cut or padded to their columns, separated by one space.
    func row(_ cells: [String]) -> String {
        zip(columns, cells).map { ColumnWidth.fit($1, to: $0.width, alignRight: $0.alignRight) }.joined(separator: " ")
    }
}
