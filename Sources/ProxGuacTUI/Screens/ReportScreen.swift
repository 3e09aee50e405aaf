/// Read-only results: an apply or encryption summary, or a backend's lines (test auth, test network).
struct ReportScreen: Screen {
    let title: String
    /// What `r` plans again after a result with failures (nil: no retry here).
    private var retry: PlanScope?
    private var pager = TextPager(lines: [StyledLine(text: "…", style: .dim)])
    private(set) var notice: Notice?

    init(title: String, lines: [String]? = nil) {
        self.title = title
        if let lines { pager = TextPager(lines: Self.styled(lines)) }
    }

    init(title: String, summary: ApplySummary, retry: PlanScope? = nil) {
        self.init(title: title, styledLines: Self.lines(for: summary))
        if !summary.failures.isEmpty { self.retry = retry }
    }

    init(title: String, styledLines: [StyledLine], notice: Notice? = nil) {
        self.title = title
        self.notice = notice
        pager = TextPager(lines: styledLines)
    }

    var hints: String { retry == nil ? "Enter/Esc back to menu   ↑↓ scroll" : "r retry what failed   Enter/Esc back to menu   ↑↓ scroll" }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        if pager.handle(key, height: layout.bodyHeight - 1, width: layout.width) { return .stay }
        switch key {
        case .character("r") where retry != nil:
            // A fresh plan holds exactly what is still not done: the failed steps (and anything new).
            return .push(PlanReviewScreen(), start: .plan(retry ?? .everything))
        case .enter, .escape, .character("q"): return .toMenu
        default: return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .lines(let lines): pager = TextPager(lines: Self.styled(lines))
        case .applied(let summary): pager = TextPager(lines: Self.lines(for: summary))
        case .failed(let message): pager = TextPager(lines: [StyledLine(text: message, style: .bad)])
        case .cancelled: pager = TextPager(lines: [StyledLine(text: "Cancelled.", style: .warning)])
        default: break
        }
        return .stay
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        pager.render(into: &canvas, top: layout.bodyTop + 1, height: layout.bodyHeight - 1)
    }

    /// Lines starting with `ok` are good, with `fail`/`error` bad.
    private static func styled(_ lines: [String]) -> [StyledLine] {
        lines.map { line in
            let lower = line.lowercased()
            let style: Style = lower.hasPrefix("ok") ? .good : (lower.hasPrefix("fail") || lower.hasPrefix("error")) ? .bad : .normal
            return StyledLine(text: line, style: style)
        }
    }

    static func lines(for summary: ApplySummary) -> [StyledLine] {
        var lines = [StyledLine(text: summary.countsText, style: .heading)]
        if let groups = summary.groupsText { lines.append(StyledLine(text: groups, style: .heading)) }
        if summary.wasCancelled {
            lines.append(StyledLine(text: "Cancelled: the remaining steps were not started; the counts above were done.", style: .warning))
        } else if summary.failures.isEmpty {
            lines.append(StyledLine(text: "Done.", style: .good))
        }
        lines += summary.failures.map { StyledLine(text: "failed: \($0)", style: .bad) }
        if !summary.changes.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: "What changed (\(summary.changes.count))", style: .heading))
            lines += summary.changes.map { StyledLine(text: "  " + $0) }
        }
        return lines
    }

    static func lines(for summary: NotesEncryptionSummary) -> [StyledLine] {
        let count = summary.encryptedPasswords
        var lines = [
            StyledLine(
                text: "Encrypted \(count) password\(count == 1 ? "" : "s") in \(summary.guestsChanged) guest\(summary.guestsChanged == 1 ? "" : "s") · Failed \(summary.failures.count)",
                style: .heading)
        ]
        if summary.wasCancelled {
            lines.append(StyledLine(text: "Cancelled: the remaining guests were not touched; the counts above were done.", style: .warning))
        } else if summary.failures.isEmpty {
            lines.append(StyledLine(text: "Done: the notes hold encrypted_password values now; nothing else in them changed.", style: .good))
        }
        lines += summary.failures.map { StyledLine(text: "failed: \($0)", style: .bad) }
        return lines
    }
}
