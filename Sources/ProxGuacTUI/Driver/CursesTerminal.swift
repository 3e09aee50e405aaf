internal import CProxGuacCurses
import Glibc

/// Why the terminal could not be started.
struct TerminalStartError: Error, CustomStringConvertible {
    let description: String
}

/// One decoded input from the terminal.
enum TerminalInput: Sendable, Hashable {
    case key(Key)
    case resize(TerminalSize)
    /// Ctrl-Z: the loop calls `suspend()`.
    case suspend
}

/// The only code that calls ncurses: starts and restores the terminal, copies a `Canvas` to the
/// screen and decodes keys, mouse presses and resizes. All calls happen on the main actor.
@MainActor
final class CursesTerminal {
    private let screen: OpaquePointer
    private let attributes: [Style: Int32]
    private var isStopped = false
    /// False when the locale is not UTF-8: box lines, arrows and dots are drawn as ASCII.
    private let unicode: Bool

    /// Starts curses on stdin/stdout (call `setlocale` first). `colors` false draws in monochrome.
    init(colors: Bool) throws(TerminalStartError) {
        let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
        let refusal = TerminalStartError(
            description: "proxguac: cannot drive terminal type '\(term)'; set TERM to one terminfo knows, e.g. TERM=xterm-256color")
        // A terminal that cannot move the cursor (TERM=dumb) would run the menus blind.
        guard term != "dumb", let screen = proxguac_curses_newterm() else { throw refusal }
        guard proxguac_curses_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            throw refusal
        }
        self.screen = screen
        unicode = proxguac_curses_locale_is_utf8() != 0
        set_term(screen)
        raw()
        noecho()
        proxguac_curses_keypad_on()
        curs_set(0)
        set_escdelay(25)
        proxguac_curses_enable_mouse()
        let useColors = colors && has_colors()
        if useColors {
            start_color()
            use_default_colors()
            let pairs: [(Int16, Int16, Int16)] = [
                (1, Int16(COLOR_GREEN), -1), (2, Int16(COLOR_YELLOW), -1), (3, Int16(COLOR_RED), -1),
                (4, Int16(COLOR_CYAN), -1), (5, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),
            ]
            for (pair, foreground, background) in pairs { init_pair(pair, foreground, background) }
        }
        attributes = Self.attributes(colors: useColors)
    }

    var size: TerminalSize {
        TerminalSize(width: Int(proxguac_curses_cols()), height: Int(proxguac_curses_lines()))
    }

    func draw(_ canvas: Canvas) {
        erase()
        for row in 0..<canvas.height {
            for run in canvas.runs(row: row) where !run.text.isEmpty {
                proxguac_curses_attrset(attributes[run.style] ?? 0)
                let text = unicode ? run.text : ASCIIFallback.text(run.text)
                var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                _ = proxguac_curses_put(Int32(row), Int32(run.column), wide, Int32(wide.count - 1))
            }
        }
        proxguac_curses_attrset(0)
        refresh()
    }

    /// Waits up to `milliseconds` for input; nil when none came (or it meant nothing).
    func read(timeout milliseconds: Int32) -> TerminalInput? {
        wtimeout(proxguac_curses_stdscr(), milliseconds)
        var character: wint_t = 0
        let kind = get_wch(&character)
        if kind == KEY_CODE_YES { return functionKey(Int32(character)) }
        guard kind == OK else { return nil }
        switch character {
        case 3: return .key(.interrupt)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 9: return .key(.tab)
        case 26: return .suspend
        case 0..<32: return nil
        default: return Unicode.Scalar(UInt32(character)).map { .key(.character(Character($0))) }
        }
    }

    /// Ctrl-Z: restores the terminal, stops the process group (the shell shows its prompt), and after `fg`
    /// takes the terminal back and redraws everything.
    func suspend() {
        guard !isStopped else { return }
        proxguac_curses_suspend()
    }

    /// Restores the terminal; safe to call more than once.
    func stop() {
        guard !isStopped else { return }
        isStopped = true
        endwin()
        delscreen(screen)
    }

    private func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE, KEY_DC: return .key(.backspace)
        case KEY_RESIZE: return .resize(size)
        case proxguac_curses_key_f1(): return .key(.f1)
        case KEY_MOUSE:
            var x: Int32 = 0
            var y: Int32 = 0
            switch proxguac_curses_read_mouse(&x, &y) {
            case 1: return .key(.click(row: Int(y), column: Int(x)))
            case 4: return .key(.wheelUp)
            case 5: return .key(.wheelDown)
            default: return nil
            }
        default: return nil
        }
    }

    private static func attributes(colors: Bool) -> [Style: Int32] {
        let bold = proxguac_curses_a_bold()
        let reverse = proxguac_curses_a_reverse()
        let underline = proxguac_curses_a_underline()
        let dim = proxguac_curses_a_dim()
        guard colors else {
            return [
                .normal: 0, .title: reverse | bold, .selected: reverse, .heading: bold, .hint: reverse,
                .good: 0, .warning: bold, .bad: bold | underline, .accent: bold, .dim: dim,
            ]
        }
        let pair = proxguac_curses_color_pair
        return [
            .normal: 0, .title: pair(5) | bold, .selected: reverse, .heading: bold, .hint: pair(5),
            .good: pair(1), .warning: pair(2) | bold, .bad: pair(3) | bold, .accent: pair(4), .dim: dim,
        ]
    }
}
