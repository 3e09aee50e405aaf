/// A secret value (token, password, key material) that never shows itself in text.
///
/// `description`, `debugDescription` and string interpolation print `<redacted>`; read `.value`
/// only at the single place that hands the secret to the wire or to a cipher.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
