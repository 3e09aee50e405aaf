/// Everything that can happen to the UI, in order.
enum AppEvent: Sendable {
    case key(Key)
    case resize(TerminalSize)
    /// Time since start, for elapsed-time display.
    case tick(Duration)
    case progress(ApplyProgress)
    case finished(OperationResult)
    /// SIGINT, SIGTERM or SIGHUP arrived.
    case signal(Int32)
    /// A line written to stderr while the UI runs (log lines, warnings): kept in the message log.
    case log(String)
}

/// What the driver must do for the model.
enum Effect: Sendable, Hashable {
    case start(Operation)
    case cancel
    case quit(Int32)
}

/// Work in progress, shown as a box with a progress bar and elapsed time.
struct Busy: Sendable {
    var operation: Operation
    var startedAt: Duration
    var progress: ApplyProgress?
    var cancelling = false
    /// Messages logged before the work started (those after it are the work's warnings).
    var messagesBefore = 0
}

/// The whole UI as a value: a stack of screens, the work in progress and the terminal size.
/// Events go in, effects and a rendered `Canvas` come out; nothing here touches the terminal.
struct AppModel: Sendable {
    private(set) var size: TerminalSize
    private var stack: [any Screen] = [MainMenuScreen()]
    private(set) var busy: Busy?
    private var notice: Notice?
    private var now: Duration = .zero
    private var exitCodeAfterCancel: Int32?
    /// A second Ctrl-C / q while work is stopping quits at once.
    private var forcedQuit = false
    /// What to print on the normal screen after the UI is gone (what an interrupted apply did).
    private(set) var exitReport: [String] = []
    /// Every message shown in the status row and every log line, oldest first (`m` shows them).
    private(set) var messages: [Notice] = []
    private var overlay: Overlay?
    private var operationMessagesBefore: Int?
    /// Shown at the right of the title bar (e.g. `DEMO DATA`).
    private let badge: String

    init(size: TerminalSize, badge: String = "") {
        self.size = size
        self.badge = badge
    }

    var layout: Layout { Layout(size: size) }
    /// Set while the app waits for cancelled work to stop before quitting with this code.
    var pendingExitCode: Int32? { exitCodeAfterCancel }
    var screenTitle: String { stack.last?.title ?? "" }

    mutating func handle(_ event: AppEvent) -> [Effect] {
        switch event {
        case .tick(let time):
            now = time
            return []
        case .resize(let newSize):
            size = newSize
            return []
        case .progress(let progress):
            busy?.progress = progress
            return []
        case .finished(let result):
            return finish(result)
        case .signal(let number):
            return leave(exitCode: 128 + number)
        case .key(let key):
            let effects = handleKey(key)
            logScreenNotice()
            return effects
        case .log(let line):
            let style: Style = line.lowercased().contains("error") ? .bad : .warning
            messages.append(Notice(text: line, style: style))
            // An error (a cluster that could not be read) takes the place of a warning shown from the log, even
            // when its line arrives after the work ended.
            let replacesLogWarning = style == .bad && notice?.style == .warning && notice?.text.hasSuffix(Self.messagesHint) == true
            if busy == nil, notice == nil || replacesLogWarning { notice = Notice(text: line + Self.messagesHint, style: style) }
            return []
        }
    }

    /// Ends a status line made from the message log.
    private static let messagesHint = "   (m: messages)"

    private mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .interrupt { return leave(exitCode: 130) }
        if size.isBelowMinimum {
            // Quitting here must not abandon work under way: it stops cleanly first (see `leave`).
            return key == .character("q") ? leave(exitCode: 0) : []
        }
        if busy != nil {
            guard key == .escape || key == .character("c"), busy?.cancelling == false else { return [] }
            busy?.cancelling = true
            return [.cancel]
        }
        if overlay != nil {
            handleOverlay(key)
            return []
        }
        if stack.last?.capturesText != true {
            switch key {
            case .character("?"), .f1:
                overlay = .help(TextPager(lines: helpLines))
                return []
            case .character("m"):
                overlay = .messages(TextPager(lines: messageLines))
                return []
            default: break
            }
        }
        notice = nil
        let layout = self.layout
        return updateTop { $0.handle(key, in: layout) }
    }

    /// Quits with `exitCode`, cancelling running work first (the quit follows when it has stopped, and
    /// what it did is printed after the UI is gone). A second request while stopping quits at once.
    private mutating func leave(exitCode: Int32) -> [Effect] {
        guard busy != nil else { return [.quit(exitCode)] }
        guard exitCodeAfterCancel == nil else {
            forcedQuit = true
            exitReport = ["proxguac: quit while \(busy?.operation.label.lowercased() ?? "working") was still stopping; "
                          + "the step under way may or may not have finished: `proxguac list` shows where things stand."]
            return [.quit(exitCode)]
        }
        exitCodeAfterCancel = exitCode
        busy?.cancelling = true
        return [.cancel]
    }

    private mutating func finish(_ result: OperationResult) -> [Effect] {
        let operation = busy?.operation
        operationMessagesBefore = busy?.messagesBefore
        busy = nil
        if let code = exitCodeAfterCancel {
            exitReport = Self.exitReport(result, operation: operation)
            return [.quit(code)]
        }
        switch result {
        case .failed(let message): notice = Notice(text: message, style: .bad)
        case .cancelled: notice = Notice(text: "Cancelled; nothing more was changed.", style: .warning)
        default: break
        }
        let layout = self.layout
        let effects = updateTop { $0.receive(result, in: layout) }
        let warnings = messages.count - (operationMessagesBefore ?? messages.count)
        if warnings > 0, notice == nil, stack.last?.notice == nil {
            // The work's last error if it logged one (a cluster that could not be read), else its last warning.
            let recent = messages.suffix(warnings)
            let shown = recent.last { $0.style == .bad } ?? recent.last
            let last = shown?.text ?? ""
            notice = Notice(text: warnings == 1 ? "\(last)\(Self.messagesHint)" : "\(warnings) warnings, the last: \(last)\(Self.messagesHint)",
                            style: shown?.style ?? .warning)
        }
        logScreenNotice()
        return effects
    }

    /// What stopped work did, for the normal screen after quitting (Ctrl-C, SIGTERM, q while too small).
    private static func exitReport(_ result: OperationResult, operation: Operation?) -> [String] {
        let what = operation?.label ?? "Work"
        switch result {
        case .applied(let summary):
            var lines = ["proxguac: \(what) \(summary.wasCancelled ? "stopped on request" : "finished"): \(summary.countsText)"]
            if let groups = summary.groupsText { lines.append("  " + groups) }
            lines += summary.failures.map { "  failed: \($0)" }
            if summary.wasCancelled { lines.append("  The remaining steps were not started; what was done is recorded in the state file and the audit log.") }
            return lines
        case .encrypted(let summary):
            var lines = ["proxguac: \(what) \(summary.wasCancelled ? "stopped on request" : "finished"): "
                         + "\(summary.encryptedPasswords) password(s) encrypted in \(summary.guestsChanged) guest(s), \(summary.failures.count) failed"]
            lines += summary.failures.map { "  failed: \($0)" }
            return lines
        case .repaired(let message):
            return ["proxguac: \(message)"]
        case .failed(let message):
            return ["proxguac: \(what) failed: \(message)"]
        case .cancelled:
            return operation?.changesSomething == true ? ["proxguac: \(what) cancelled before it changed anything."] : []
        default:
            return []
        }
    }

    /// Keeps the top screen's status-row message in the message log (once per distinct message).
    private mutating func logScreenNotice() {
        guard let shown = notice ?? stack.last?.notice, shown.style != .accent else { return }
        if messages.last != shown { messages.append(shown) }
    }

    private mutating func handleOverlay(_ key: Key) {
        guard var current = overlay else { return }
        let height = layout.bodyHeight - 1
        switch key {
        case .escape, .enter, .character("q"), .character("?"), .character("m"), .f1:
            overlay = nil
            return
        default:
            current.pager.handle(key, height: height, width: layout.width)
            overlay = current
        }
    }

    private var helpLines: [StyledLine] {
        var lines = [StyledLine(text: "\(screenTitle): keys", style: .heading)]
        lines += (stack.last?.help ?? []).map { StyledLine(text: "  " + $0) }
        lines.append(StyledLine(text: ""))
        lines.append(StyledLine(text: "Everywhere", style: .heading))
        lines += [
            "  ?, F1        this help (Esc closes it)",
            "  m            messages: every warning, error and log line of this session",
            "  Ctrl-C       quit; work under way stops cleanly first and what it did is printed",
            "  Ctrl-Z       suspend to the shell; fg comes back",
        ].map { StyledLine(text: $0) }
        if let legend = stack.last?.legend, !legend.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: "States", style: .heading))
            lines += legend
        }
        return lines
    }

    private var messageLines: [StyledLine] {
        guard !messages.isEmpty else { return [StyledLine(text: "No messages yet.", style: .dim)] }
        return messages.map { StyledLine(text: $0.text, style: $0.style) }
    }

    private mutating func updateTop(_ body: (inout any Screen) -> Transition) -> [Effect] {
        guard var top = stack.popLast() else { return [.quit(0)] }
        let transition = body(&top)
        stack.append(top)
        return apply(transition)
    }

    private mutating func apply(_ transition: Transition) -> [Effect] {
        switch transition {
        case .stay:
            return []
        case .back(let message):
            if stack.count > 1 { stack.removeLast() }
            notice = message
            return []
        case .toMenu:
            stack.removeSubrange(1...)
            return []
        case .push(let screen, let operation):
            stack.append(screen)
            guard let operation else { return [] }
            return start(operation)
        case .replace(let screen):
            stack[stack.count - 1] = screen
            return []
        case .start(let operation):
            return start(operation)
        case .quit(let code):
            return [.quit(code)]
        }
    }

    private mutating func start(_ operation: Operation) -> [Effect] {
        busy = Busy(operation: operation, startedAt: now, messagesBefore: messages.count)
        return [.start(operation)]
    }

    // MARK: - Rendering

    func render() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        if size.isBelowMinimum {
            renderTooSmall(into: &canvas)
            return canvas
        }
        let layout = self.layout
        canvas.fill(row: 0, style: .title)
        let titleWidth = canvas.write(" proxguac · \(screenTitle)", row: 0, column: 0, style: .title)
        // The badge (servers, DEMO DATA) takes what the title leaves, never writing over it.
        let room = size.width - titleWidth - 3
        if !badge.isEmpty, room >= 9 {
            let shown = ColumnWidth.truncate(badge, to: room)
            canvas.write(shown + " ", row: 0, column: size.width - ColumnWidth.of(shown) - 1, style: .title)
        }
        if let overlay {
            canvas.write(overlay.heading, row: layout.bodyTop, column: 1, style: .heading)
            overlay.pager.render(into: &canvas, top: layout.bodyTop + 1, height: layout.bodyHeight - 1)
        } else {
            stack.last?.render(into: &canvas, in: layout)
        }
        if let busy { renderBusy(busy, into: &canvas, in: layout) }
        if overlay == nil, let message = notice ?? stack.last?.notice {
            renderNotice(message, into: &canvas, in: layout)
        }
        let hints = busy == nil
            ? (overlay == nil ? (stack.last?.hints ?? "") + "   ? help" : "↑↓ scroll   Esc close")
            : (exitCodeAfterCancel == nil ? "Esc cancel   Ctrl-C quit" : "stopping…   Ctrl-C again quits at once")
        canvas.fill(row: layout.hintRow, style: .hint)
        canvas.write(" " + ColumnWidth.truncate(hints, to: layout.width - 1), row: layout.hintRow, column: 0, style: .hint)
        return canvas
    }

    /// The status-row message, wrapped upwards over the body when it is longer than a line (the rows it
    /// takes are cleared first, so no text is drawn over text); at most 6 lines, the rest in `m`.
    private func renderNotice(_ message: Notice, into canvas: inout Canvas, in layout: Layout) {
        var lines = ColumnWidth.wrap(message.text, to: layout.width - 2)
        let limit = 6
        if lines.count > limit {
            lines = Array(lines.prefix(limit - 1)) + [ColumnWidth.truncate("… the whole message: press m", to: layout.width - 2)]
        }
        let first = layout.statusRow - lines.count + 1
        for (index, line) in lines.enumerated() {
            let row = first + index
            canvas.clear(row: row)
            canvas.write(" " + line, row: row, column: 0, style: message.style)
        }
        if lines.count > 1 {
            canvas.write(String(repeating: "─", count: layout.width), row: first - 1, column: 0, style: .dim)
        }
    }

    private func renderTooSmall(into canvas: inout Canvas) {
        let lines = [
            "Terminal too small: \(size.width)×\(size.height)",
            "proxguac needs at least \(TerminalSize.minimum.width)×\(TerminalSize.minimum.height).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (size.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let column = max(0, (size.width - ColumnWidth.of(line)) / 2)
            canvas.write(line, row: top + index, column: column, style: index == 0 ? .warning : .normal)
        }
    }

    private func renderBusy(_ busy: Busy, into canvas: inout Canvas, in layout: Layout) {
        let width = min(64, layout.width - 4)
        let left = (layout.width - width) / 2
        let top = layout.bodyTop + max(0, (layout.bodyHeight - 6) / 2)
        let elapsed = ProgressBar.elapsed(now - busy.startedAt)
        let inner = width - 4
        var body: [String] = []
        if let progress = busy.progress {
            body.append(ProgressBar.bar(completed: progress.completed, total: progress.total, width: inner - elapsed.count - 2) + "  " + elapsed)
            body.append(progress.current)
        } else {
            body.append("working…  " + elapsed)
            body.append("")
        }
        body.append(busy.cancelling ? "Cancelling: finishing the current step…" : "Esc cancels")
        let title = "─ \(busy.operation.label) "
        let rule = String(repeating: "─", count: max(0, width - 2 - ColumnWidth.of(title)))
        canvas.write("┌" + title + rule + "┐", row: top, column: left, style: .heading)
        for (index, line) in body.enumerated() {
            canvas.write("│ " + ColumnWidth.fit(line, to: inner) + " │", row: top + 1 + index, column: left, style: .normal)
        }
        canvas.write("└" + String(repeating: "─", count: width - 2) + "┘", row: top + 1 + body.count, column: left, style: .heading)
    }
}

/// A full-body view over the current screen: the help of `?`/F1 or the message log of `m`.
enum Overlay: Sendable {
    case help(TextPager)
    case messages(TextPager)

    var pager: TextPager {
        get {
            switch self {
            case .help(let pager), .messages(let pager): pager
            }
        }
        set {
            switch self {
            case .help: self = .help(newValue)
            case .messages: self = .messages(newValue)
            }
        }
    }

    var heading: String {
        switch self {
        case .help: "Help"
        case .messages: "Messages (newest last)"
        }
    }
}
