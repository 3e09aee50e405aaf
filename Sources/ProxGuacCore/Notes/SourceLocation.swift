/// A place in notes text: 1-based line and column (in Unicode scalars) and the 0-based UTF-8 byte offset.
public struct SourcePosition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "line \(line), column \(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }
}

/// A span of notes text, from `start` (inclusive) to `end` (exclusive).
public struct SourceRange: Sendable, Hashable, Codable {
    public let start: SourcePosition
    public let end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// The UTF-8 byte offsets covered.
    public var offsets: Range<Int> { start.offset..<end.offset }
}
