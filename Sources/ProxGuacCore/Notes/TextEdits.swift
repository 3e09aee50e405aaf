/// Byte-range replacements on UTF-8 text, applied together so earlier offsets stay valid.
struct TextEdits {
    private let bytes: [UInt8]
    private var edits: [(range: Range<Int>, replacement: [UInt8])] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isEmpty: Bool { edits.isEmpty }

    mutating func replace(_ range: Range<Int>, with text: String) {
        edits.append((range, Array(text.utf8)))
    }

    mutating func insert(_ text: String, at offset: Int) {
        replace(offset..<offset, with: text)
    }

    /// Removes a pair together with the spaces or tabs that separated it from its neighbour, so
    /// `a:"1" b:"2" c:"3"` becomes `a:"1" c:"3"` and a pair alone at a line start leaves no indent behind.
    mutating func remove(_ pair: NotesPair) {
        var start = pair.range.lowerBound
        while start > 0, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 { start -= 1 }
        if start < pair.range.lowerBound, start > 0, bytes[start - 1] != 0x0A {
            replace(start..<pair.range.upperBound, with: "")
            return
        }
        var end = pair.range.upperBound
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        replace(pair.range.lowerBound..<end, with: "")
    }

    /// The edited text. Ranges must not overlap; insertions at one offset keep their order.
    func applied() -> String {
        var result = bytes
        let ordered = edits.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) > ($1.element.range.lowerBound, $1.offset)
        }
        for (_, edit) in ordered {
            result.replaceSubrange(edit.range, with: edit.replacement)
        }
        return String(decoding: result, as: UTF8.self)
    }
}
