/// Shows a sync plan grouped by action and asks before applying it. After applying the plan of an Add,
/// it checks the chosen guests' notes for plain passwords and offers to encrypt them (when a key is set).
struct PlanReviewScreen: Screen {
    private(set) var plan: PlanPreview?
    private var pager = TextPager()
    private(set) var notice: Notice?
    /// Set once applied, while the chosen guests' notes are checked for plain passwords.
    private var applied: ApplySummary?

    init(plan: PlanPreview? = nil) {
        if let plan { show(plan) }
    }

    var title: String {
        switch plan?.scope {
        case .guests(let ids)?: "Add \(ids.count) guest\(ids.count == 1 ? "" : "s") · plan"
        default: "Auto sync · plan"
        }
    }

    var hints: String {
        let decide = (plan?.undecided ?? 0) > 0 ? "d decide drift   " : ""
        return plan?.isEmpty == false ? "y apply   \(decide)r re-plan   n/Esc back   ↑↓ scroll" : "\(decide)r re-plan   Esc back   ↑↓ scroll"
    }

    var help: [String] {
        [
            "y, Enter     apply the plan (nothing changes before)",
            "d            the rows this plan leaves alone (changed in Guacamole, conflicts): push or pull each",
            "             one in List / status, then Esc comes back here",
            "r            plan again (after repairs, or changes made elsewhere)",
            "↑↓ PgUp PgDn Home End   scroll",
            "n, Esc       back; nothing is changed",
        ]
    }

    private static func pageHeight(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 3) }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        if pager.handle(key, height: Self.pageHeight(layout), width: layout.width) { return .stay }
        switch key {
        case .character("y"), .character("Y"), .enter:
            guard let plan else { return .stay }
            guard !plan.isEmpty else {
                notice = Notice(text: "Nothing to change: everything in this plan is already in place.")
                return .stay
            }
            return .start(.apply(plan))
        case .character("d") where (plan?.undecided ?? 0) > 0:
            return .push(StatusScreen(only: [.drift, .conflict]), start: .loadStatus)
        case .character("r"):
            guard let plan else { return .stay }
            return .start(.plan(plan.scope))
        case .character("n"), .character("N"), .character("q"), .escape:
            return .back(Notice(text: "Plan not applied; nothing was changed."))
        default:
            return .stay
        }
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .plan(let newPlan):
            show(newPlan)
            return .stay
        case .applied(let summary):
            guard case .guests(let vmids)? = plan?.scope, !summary.wasCancelled else { return report(summary) }
            applied = summary
            return .start(.countPlainPasswords(vmids: vmids))
        case .plainPasswords(let found):
            guard let applied else { return .stay }
            guard found.canEncrypt else { return report(applied) }
            return .replace(EncryptOfferScreen(title: title.replacingPlanWithResult, applied: applied, found: found))
        case .failed, .cancelled:
            // The apply itself succeeded; only the check for plain passwords did not.
            if let applied { return report(applied) }
            if case .cancelled = result, plan == nil { return .back(Notice(text: "Cancelled.", style: .warning)) }
            return .stay
        default:
            return .stay
        }
    }

    private func report(_ summary: ApplySummary) -> Transition {
        .replace(ReportScreen(title: title.replacingPlanWithResult, summary: summary, retry: plan?.scope))
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop
        guard let plan else { return }
        // Only what occurs, groups counted apart: "4 to create (+3 groups) · 2 skipped".
        let counts = [PlanAction.create, .update, .delete, .unchanged, .skip].compactMap { action -> String? in
            let groups = plan.lines.count { $0.action == action && $0.isGroup }
            let connections = plan.count(of: action) - groups
            guard connections + groups > 0 else { return nil }
            return "\(connections) \(action.countLabel)" + (groups > 0 ? " (+\(groups) group\(groups == 1 ? "" : "s"))" : "")
        }
        let line = counts.isEmpty ? "The plan is empty." : counts.joined(separator: " · ")
        canvas.write(ColumnWidth.truncate(line, to: layout.width - 2), row: top, column: 1, style: .heading)
        let height = Self.pageHeight(layout)
        var view = pager
        view.lines = Self.lines(for: plan, width: layout.width)
        view.render(into: &canvas, top: top + 1, height: height)
        let question = plan.isEmpty
            ? "Nothing to change. Esc goes back."
            : "Apply \(plan.changeCount) change\(plan.changeCount == 1 ? "" : "s")? y applies, n goes back."
        canvas.write(question, row: top + 1 + height + 1, column: 1, style: plan.isEmpty ? .good : .accent)
        if plan.undecided > 0 {
            let text = "\(plan.undecided) changed in Guacamole or on both sides, left alone: d decides each"
            canvas.write(ColumnWidth.truncate(text, to: layout.width - 2), row: top + 1 + height, column: 1, style: .warning)
        }
    }

    private mutating func show(_ newPlan: PlanPreview) {
        plan = newPlan
        pager = TextPager(lines: Self.lines(for: newPlan, width: TerminalSize.minimum.width))
    }

    /// The plan grouped by action. Subjects get the room the terminal has (keeping 24 columns for the
    /// reason), so connections that differ only at the end of their names stay apart.
    private static func lines(for plan: PlanPreview, width: Int) -> [StyledLine] {
        let room = max(16, width - 6 - 24)
        let subjectWidth = min(room, plan.lines.map { ColumnWidth.of($0.subject) }.max() ?? 0)
        var lines: [StyledLine] = []
        for action in [PlanAction.create, .update, .delete, .skip, .unchanged] {
            let group = plan.lines(of: action)
            guard !group.isEmpty else { continue }
            lines.append(StyledLine(text: "\(action.heading) (\(group.count))", style: .heading))
            for line in group {
                let text = "  \(action.sign) " + ColumnWidth.fit(line.subject, to: subjectWidth) + "  " + line.detail
                lines.append(StyledLine(text: text, style: action.style, hang: 4 + subjectWidth + 2))
            }
        }
        return lines.isEmpty ? [StyledLine(text: "The plan is empty.", style: .dim)] : lines
    }
}

extension PlanAction {
    /// "to create", "unchanged", ... for the count line.
    var countLabel: String {
        switch self {
        case .create: "to create"
        case .update: "to update"
        case .delete: "to delete"
        case .unchanged: "unchanged"
        case .skip: "skipped"
        }
    }
}

extension String {
    /// "Add 2 guests · plan" → "Add 2 guests · result".
    var replacingPlanWithResult: String {
        hasSuffix(" · plan") ? String(dropLast(" · plan".count)) + " · result" : self
    }
}
