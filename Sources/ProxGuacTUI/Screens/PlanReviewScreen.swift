/// Shows a sync plan grouped by action and asks before applying it. After applying the plan of an Add,
/// it checks the chosen guests' notes for plain passwords and offers to encrypt them (when a key is set).
struct PlanReviewScreen: Screen {
    private(set) var plan: PlanPreview?
    private var pager = TextPager()
    private(set) var notice: Notice?
    /// Set once applied, while the chosen guests' notes are checked for plain passwords.
    private var applied: ApplySummary?
    /// Set while the admin types DELETE ALL (or the count) to lift the deletion guard.
    private(set) var liftingGuard: TextField?

    init(plan: PlanPreview? = nil) {
        if let plan { show(plan) }
    }

    var title: String {
        switch plan?.scope {
        case .guests(let ids)?: "Add \(ids.count) guest\(ids.count == 1 ? "" : "s") · plan"
        default: "Auto sync · plan"
        }
    }

    var capturesText: Bool { liftingGuard != nil }

    var hints: String {
        if liftingGuard != nil { return "type \(HeldDeletes.confirmationWords) (or the count) then Enter   Esc cancel (nothing is changed)" }
        let lift = plan?.heldDeletes?.liftable == true ? "D delete anyway   " : ""
        let decide = (plan?.undecided ?? 0) > 0 ? "d decide drift   " : ""
        return plan?.isEmpty == false ? "y apply   \(lift)\(decide)r re-plan   n/Esc back   ↑↓ scroll" : "\(lift)\(decide)r re-plan   Esc back   ↑↓ scroll"
    }

    var help: [String] {
        [
            "y, Enter     apply the plan (nothing changes before)",
            "d            the rows this plan leaves alone (changed in Guacamole, conflicts): push or pull each",
            "             one in List / status, then Esc comes back here",
            "D            deletes held back by the deletion guard (no guest selected, or more than sync.maxDeletes):",
            "             type DELETE ALL (or their number) to plan them in, as --allow-mass-delete; never when",
            "             the token's view shrank (a lost privilege never deletes)",
            "r            plan again (after repairs, or changes made elsewhere)",
            "↑↓ PgUp PgDn Home End   scroll",
            "n, Esc       back; nothing is changed",
        ]
    }

    /// Rows of the held-deletes note: the reason (wrapped over two) and what lifts it.
    private static let heldRows = 3

    /// Rows for the plan: below the counts, above the held-deletes lines, the drift line and the question.
    private func pageHeight(_ layout: Layout) -> Int {
        max(1, layout.bodyHeight - 3 - (plan?.heldDeletes == nil ? 0 : Self.heldRows))
    }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        if var field = liftingGuard { return typeLift(key, into: &field) }
        if pager.handle(key, height: pageHeight(layout), width: layout.width) { return .stay }
        switch key {
        case .character("y"), .character("Y"), .enter:
            guard let plan else { return .stay }
            guard !plan.isEmpty else {
                notice = Notice(text: "Nothing to change: everything in this plan is already in place.")
                return .stay
            }
            return .start(.apply(plan))
        case .character("D") where plan?.heldDeletes != nil:
            guard let held = plan?.heldDeletes, held.liftable else {
                notice = Notice(text: "These deletes stay held back: the token's view shrank. Restore its privileges, or run proxguac auto --accept-scope-change once.", style: .warning)
                return .stay
            }
            liftingGuard = TextField(maxLength: 16)
            return .stay
        case .character("d") where (plan?.undecided ?? 0) > 0:
            return .push(StatusScreen(only: [.drift, .conflict]), start: .loadStatus)
        case .character("r"):
            guard let plan else { return .stay }
            return .start(plan.massDeleteAllowed ? .planLiftingGuard(plan.scope) : .plan(plan.scope))
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
            guard case .guests(let guests)? = plan?.scope, !summary.wasCancelled else { return report(summary) }
            applied = summary
            return .start(.countPlainPasswords(guests: guests))
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

    /// Typing the confirmation that lifts the guard; Enter with the right words plans again with it lifted.
    private mutating func typeLift(_ key: Key, into field: inout TextField) -> Transition {
        if field.handle(key) {
            liftingGuard = field
            return .stay
        }
        switch key {
        case .enter:
            guard let plan, let held = plan.heldDeletes, held.isConfirmed(by: field.value) else {
                let count = plan?.heldDeletes?.count ?? 0
                notice = Notice(text: "Type \(HeldDeletes.confirmationWords) or \(count) exactly to plan the held deletes, or press Esc.", style: .warning)
                return .stay
            }
            liftingGuard = nil
            return .start(.planLiftingGuard(plan.scope))
        case .escape:
            liftingGuard = nil
            notice = Notice(text: "The deletes stay held back; nothing was changed.", style: .warning)
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
        let height = pageHeight(layout)
        var view = pager
        view.lines = Self.lines(for: plan, width: layout.width)
        view.render(into: &canvas, top: top + 1, height: height)
        if let held = plan.heldDeletes { renderHeld(held, into: &canvas, row: top + 1 + height, width: layout.width) }
        if let field = liftingGuard {
            let used = canvas.write("Type \(HeldDeletes.confirmationWords) or \(plan.heldDeletes?.count ?? 0) to plan the held deletes: ",
                                    row: top + 1 + height + (plan.heldDeletes == nil ? 0 : Self.heldRows) + 1, column: 1, style: .heading)
            canvas.write(field.value + "▏", row: top + 1 + height + (plan.heldDeletes == nil ? 0 : Self.heldRows) + 1, column: 1 + used, style: .accent)
            return
        }
        let question = plan.isEmpty
            ? "Nothing to change. Esc goes back."
            : "Apply \(plan.changeCount) change\(plan.changeCount == 1 ? "" : "s")? y applies, n goes back."
        let below = top + 1 + height + (plan.heldDeletes == nil ? 0 : Self.heldRows)
        canvas.write(question, row: below + 1, column: 1, style: plan.isEmpty ? .good : .accent)
        if plan.undecided > 0 {
            let text = "\(plan.undecided) changed in Guacamole or on both sides, left alone: d decides each"
            canvas.write(ColumnWidth.truncate(text, to: layout.width - 2), row: below, column: 1, style: .warning)
        } else if plan.massDeleteAllowed && plan.count(of: .delete) > 0 {
            let text = "Deletion guard lifted (typed): these deletes apply with y"
            canvas.write(ColumnWidth.truncate(text, to: layout.width - 2), row: below, column: 1, style: .bad)
        }
    }

    /// Three lines: how many deletes the guard held back and why; what lifts it (or that nothing here does).
    private func renderHeld(_ held: HeldDeletes, into canvas: inout Canvas, row: Int, width: Int) {
        let first = "\(held.count) delete\(held.count == 1 ? "" : "s") held back by the deletion guard: \(held.reason)"
        let wrapped = ColumnWidth.wrap(first, to: width - 2)
        for (index, line) in wrapped.prefix(2).enumerated() {
            let text = index == 1 && wrapped.count > 2 ? ColumnWidth.truncate(line + " " + wrapped[2], to: width - 2) : line
            canvas.write(text, row: row + index, column: 1, style: .bad)
        }
        let second = held.liftable
            ? "D then type \(HeldDeletes.confirmationWords) (or \(held.count)) to delete them anyway"
            : "Not lifted here: a lost privilege never deletes (proxguac auto --accept-scope-change if deliberate)"
        canvas.write(ColumnWidth.truncate(second, to: width - 2), row: row + 2, column: 1, style: .warning)
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
