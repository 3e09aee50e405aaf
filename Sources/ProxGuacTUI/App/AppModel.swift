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
            return handleKey(key)
        }
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .interrupt { return leave(exitCode: 130) }
        if size.isBelowMinimum {
            return key == .character("q") ? [.quit(0)] : []
        }
        if busy != nil {
            guard key == .escape || key == .character("c"), busy?.cancelling == false else { return [] }
            busy?.cancelling = true
            return [.cancel]
        }
        notice = nil
        let layout = self.layout
        return updateTop { $0.handle(key, in: layout) }
    }

    /// Quits with `exitCode`, cancelling running work first (the quit follows when it has stopped).
    private mutating func leave(exitCode: Int32) -> [Effect] {
        guard busy != nil, exitCodeAfterCancel == nil else { return [.quit(exitCode)] }
        exitCodeAfterCancel = exitCode
        busy?.cancelling = true
        return [.cancel]
    }

    private mutating func finish(_ result: OperationResult) -> [Effect] {
        busy = nil
        if let code = exitCodeAfterCancel { return [.quit(code)] }
        switch result {
        case .failed(let message): notice = Notice(text: message, style: .bad)
        case .cancelled: notice = Notice(text: "Cancelled; nothing more was changed.", style: .warning)
        default: break
        }
        let layout = self.layout
        return updateTop { $0.receive(result, in: layout) }
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
        busy = Busy(operation: operation, startedAt: now)
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
        canvas.write(" proxguac · \(screenTitle)", row: 0, column: 0, style: .title)
        if !badge.isEmpty {
            canvas.write(badge + " ", row: 0, column: size.width - ColumnWidth.of(badge) - 1, style: .title)
        }
        stack.last?.render(into: &canvas, in: layout)
        if let busy { renderBusy(busy, into: &canvas, in: layout) }
        if let message = notice ?? stack.last?.notice {
            canvas.write(" " + message.text, row: layout.statusRow, column: 0, style: message.style)
        }
        let hints = busy == nil ? (stack.last?.hints ?? "") : "Esc cancel   Ctrl-C quit"
        canvas.fill(row: layout.hintRow, style: .hint)
        canvas.write(" " + hints, row: layout.hintRow, column: 0, style: .hint)
        return canvas
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
