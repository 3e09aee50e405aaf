/// One input from the user, already decoded from curses.
public enum Key: Sendable, Hashable {
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backspace
    /// A printable character, including space.
    case character(Character)
    /// Ctrl-C (the terminal is in raw mode, so it arrives as a key, not a signal).
    case interrupt
    /// A left-button press at a screen position (0-based).
    case click(row: Int, column: Int)
    case wheelUp, wheelDown
    /// F1: help.
    case f1
}

/// The terminal's size in cells.
public struct TerminalSize: Sendable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The smallest size the UI draws in; below it, a message asks for a bigger window.
    public static let minimum = TerminalSize(width: 80, height: 24)

    public var isBelowMinimum: Bool { width < Self.minimum.width || height < Self.minimum.height }
}
