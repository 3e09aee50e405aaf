extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, newlines).
    func trimmingWhitespace() -> String {
        let string = String(self)
        if let first = string.utf8.first, let last = string.utf8.last, first.isVisibleASCII, last.isVisibleASCII {
            return string
        }
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension UInt8 {
    /// A printable ASCII character other than the space.
    var isVisibleASCII: Bool { (0x21...0x7E).contains(self) }
}
