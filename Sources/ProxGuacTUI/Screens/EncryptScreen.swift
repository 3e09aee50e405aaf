/// Encrypt passwords in notes: how many plain passwords are in how many guests, a y/n confirmation,
/// then the digest-protected rewrite with progress and a summary (counts only, never values).
struct EncryptScreen: Screen {
    private(set) var found: NotesEncryptionPreview?
    private var pager = TextPager()
    private(set) var notice: Notice?

    static let title = "Encrypt passwords in notes"
    var title: String { Self.title }
    var hints: String {
        found?.canEncrypt == true ? "y encrypt   n/Esc back   ↑↓ scroll" : "Esc back   ↑↓ scroll"
    }

    /// Rows for the list: below the heading, above a blank line and up to three lines of question.
    private static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 5) }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        if pager.handle(key, height: Self.pageHeight(layout), width: layout.width) { return .stay }
        switch key {
        case .character("y"), .character("Y"), .enter:
            guard let found else { return .stay }
            guard found.canEncrypt else {
                notice = Notice(text: found.blocker ?? "Nothing to encrypt.", style: found.blocker == nil ? .normal : .warning)
                return .stay
            }
            return .start(.encryptPasswords(guests: found.guests.map(\.key)))
        case .character("n"), .character("N"), .character("q"), .escape:
            return .back(found?.canEncrypt == true ? Notice(text: "Not encrypted; nothing was changed.") : nil)
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .plainPasswords(let newFound):
            found = newFound
            pager = TextPager(lines: Self.lines(for: newFound))
            return .stay
        case .encrypted(let summary):
            return .replace(ReportScreen(title: "\(Self.title) · result", styledLines: ReportScreen.lines(for: summary)))
        case .cancelled where found == nil:
            return .back(Notice(text: "Cancelled.", style: .warning))
        default:
            return .stay
        }
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        guard let found else { return }
        let top = layout.bodyTop
        let heading = found.plainPasswords == 0
            ? "No plain passwords in the notes of \(found.guestsChecked) guests."
            : "\(found.countText) (of \(found.guestsChecked) checked)"
        canvas.write(heading, row: top, column: 1, style: .heading)
        let height = Self.pageHeight(layout)
        pager.render(into: &canvas, top: top + 1, height: height)
        let (question, style): (String, Style) =
            if let blocker = found.blocker { ("Cannot encrypt: \(blocker)", .warning) }
            else if found.plainPasswords == 0 { ("Nothing to encrypt. Esc goes back.", .good) }
            else { ("Encrypt \(found.countText) now? y encrypts, n goes back.", .accent) }
        for (index, line) in ColumnWidth.wrap(question, to: layout.width - 2).prefix(3).enumerated() {
            canvas.write(line, row: top + 2 + height + index, column: 1, style: style)
        }
    }

    /// One line per guest with its count (`lab2/101` when several clusters are named), then the guests that could not be read.
    static func lines(for found: NotesEncryptionPreview) -> [StyledLine] {
        let nameWidth = min(28, found.guests.map { ColumnWidth.of($0.name) }.max() ?? 0)
        let guestColumn = GuestColumn(found.guests.map(\.key))
        var lines = found.guests.map { guest in
            let count = "\(guest.plainPasswords) plain password\(guest.plainPasswords == 1 ? "" : "s")"
            let key = ColumnWidth.fit(guestColumn.text(guest.key), to: guestColumn.width, alignRight: !guestColumn.namesClusters)
            return StyledLine(text: "  \(key)  " + ColumnWidth.fit(guest.name, to: nameWidth) + "  " + count)
        }
        lines += found.failures.map { StyledLine(text: "  failed: \($0)", style: .bad) }
        return lines
    }
}

/// After an Add was applied: the result, and "Encrypt N plain passwords in these guests' notes now? [y/N]".
struct EncryptOfferScreen: Screen {
    let title: String
    let applied: ApplySummary
    let found: NotesEncryptionPreview

    var hints: String { "y encrypt   n/Enter/Esc keep them as they are" }

    var question: String {
        let count = found.plainPasswords
        return "Encrypt \(count) plain password\(count == 1 ? "" : "s") in these guests' notes now? [y/N]"
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        switch key {
        case .character("y"), .character("Y"):
            return .start(.encryptPasswords(guests: found.guests.map(\.key)))
        case .character("n"), .character("N"), .character("q"), .enter, .escape:
            return .replace(ReportScreen(
                title: title, styledLines: ReportScreen.lines(for: applied),
                notice: Notice(text: "Passwords left as they are; `proxguac encrypt-notes` encrypts them later.")))
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        guard case .encrypted(let summary) = result else { return .stay }
        return .replace(ReportScreen(
            title: title, styledLines: ReportScreen.lines(for: applied) + [StyledLine(text: "")] + ReportScreen.lines(for: summary)))
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let summary = ReportScreen.lines(for: applied)
        for (index, line) in summary.enumerated() {
            canvas.write(line.text, row: layout.bodyTop + 1 + index, column: 1, style: line.style, maxColumns: layout.width - 2)
        }
        let row = layout.bodyTop + 2 + summary.count
        canvas.write("Found \(found.countText) still stored as plain text in the notes.", row: row, column: 1)
        canvas.write(question, row: row + 2, column: 1, style: .accent, maxColumns: layout.width - 2)
    }
}
