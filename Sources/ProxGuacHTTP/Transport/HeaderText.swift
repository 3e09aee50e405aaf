/// Header lines as curl hands them over, parsed on bytes: this runs for every header of every response,
/// where Foundation's `trimmingCharacters(in:)` was a measurable share of a sync's CPU time.
enum HeaderText {
    /// The bytes as text, without leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ bytes: some BidirectionalCollection<UInt8>) -> String {
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
              let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
