internal import CProxGuacCurses
import Glibc
import ProxGuacCore

/// The terminal UI's entry point.
public enum TerminalUI {
    /// Printed (to stderr) when the UI is started without a terminal; the caller exits 2.
    public static let nonInteractiveHint = """
        proxguac: the menus need an interactive terminal (stdin and stdout must both be a TTY).
        Non-interactive equivalents:
          proxguac auto                            sync every guest (plan, then apply)
          proxguac add --vmid 101,102 --yes        add the connections of chosen guests
          proxguac delete --connection ID --yes    delete one managed connection
        """

    /// Exit code when stdin/stdout is not a terminal or the terminal cannot be driven.
    public static let notATerminalExitCode: Int32 = ExitStatus.usage

    /// Writes `nonInteractiveHint` to stderr (for callers that check `isInteractive` themselves).
    public static func explainNonInteractive() {
        writeError(nonInteractiveHint + "\n")
    }

    /// Whether stdin and stdout are both terminals.
    public static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Runs the menus until the user quits; returns the process exit code (0 quit, 2 no terminal,
    /// 130/143/129 after SIGINT or Ctrl-C / SIGTERM / SIGHUP). The terminal is restored in every case.
    /// - Parameters:
    ///   - badge: text at the right of the title bar, e.g. `DEMO DATA`.
    ///   - colors: false draws in monochrome (reverse, bold, underline); the default follows `NO_COLOR`.
    @MainActor
    public static func run(backend: some TUIBackend, badge: String = "", colors: Bool = colorsWanted) async -> Int32 {
        guard isInteractive else {
            explainNonInteractive()
            return notATerminalExitCode
        }
        setlocale(LC_ALL, "")
        let mailbox = Mailbox()
        let signals = SignalWatcher()
        defer { signals.stop() }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colors: colors)
        } catch {
            writeError(error.description + "\n" + cliHint + "\n")
            return notATerminalExitCode
        }
        let capture = StderrCapture()
        let (code, report) = await loop(terminal: terminal, signals: signals, mailbox: mailbox, capture: capture,
                                        backend: backend, badge: badge)
        terminal.stop()
        capture?.stop()
        if !report.isEmpty { writeOutput(report.joined(separator: "\n") + "\n") }
        return code
    }

    /// The commands that do the menus' work without a terminal (after a refused terminal type).
    static let cliHint = """
        Without the menus:
          proxguac list                            every connection and its state
          proxguac auto                            sync every guest (plan, then apply)
          proxguac add --vmid 101,102 --yes        add the connections of chosen guests
          proxguac delete --connection ID --yes    delete one managed connection
        """

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    public static var colorsWanted: Bool {
        guard let value = getenv("NO_COLOR") else { return true }
        return value.pointee == 0
    }

    @MainActor
    private static func loop(
        terminal: CursesTerminal, signals: SignalWatcher, mailbox: Mailbox, capture: StderrCapture?,
        backend: some TUIBackend, badge: String
    ) async -> (Int32, [String]) {
        var model = AppModel(size: terminal.size, badge: badge)
        let operations = OperationTask(backend: backend, mailbox: mailbox)
        let clock = ContinuousClock()
        let started = clock.now
        var quitDeadline: ContinuousClock.Instant?
        while true {
            terminal.draw(model.render())
            var events: [AppEvent] = []
            switch terminal.read(timeout: model.busy == nil ? 200 : 50) {
            case .key(let key)?: events.append(.key(key))
            case .resize(let size)?: events.append(.resize(size))
            case .suspend?:
                terminal.suspend()
                // The window may have changed size while stopped.
                events.append(.resize(terminal.size))
            case nil: break
            }
            events += mailbox.drain()
            events += (capture?.drain() ?? []).map(AppEvent.log)
            if let number = signals.take() { events.append(.signal(number)) }
            events.append(.tick(clock.now - started))
            for event in events {
                for effect in model.handle(event) {
                    switch effect {
                    case .start(let operation): operations.start(operation)
                    case .cancel: operations.cancel()
                    case .quit(let code): return (code, model.exitReport)
                    }
                }
            }
            // Reading work that ignores cancellation must not keep the user from leaving; writing work
            // (apply, delete, encrypt) is waited for, so it stops between steps and records what it did.
            if let code = model.pendingExitCode, model.busy?.operation.changesSomething != true {
                let deadline = quitDeadline ?? clock.now.advanced(by: .seconds(3))
                quitDeadline = deadline
                if clock.now >= deadline { return (code, model.exitReport) }
            }
            await Task.yield()
        }
    }

    private static func writeOutput(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }

    private static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
