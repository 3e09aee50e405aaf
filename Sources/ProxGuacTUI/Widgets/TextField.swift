/// A one-line text input (filter, typed confirmation, MAC address).
struct TextField: Sendable, Hashable {
    private(set) var value = ""
    let maxLength: Int

    init(maxLength: Int = 64) {
        self.maxLength = maxLength
    }

    /// Handles typing and Backspace; false for any other key.
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            if value.count < maxLength { value.append(character) }
        case .backspace:
            if !value.isEmpty { value.removeLast() }
        default:
            return false
        }
        return true
    }

    mutating func clear() { value = "" }
}
