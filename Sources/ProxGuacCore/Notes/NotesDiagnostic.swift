/// A problem found in notes: where, how bad, and a one-line reason that never contains a password.
public struct NotesDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The entry it points at is skipped.
        case error
        /// Worth fixing; nothing is skipped.
        case warning
    }

    /// A stable name for the kind of problem (for tests, JSON output and filtering).
    public enum Code: String, Sendable, Hashable, Codable {
        case unterminatedQuote
        case unterminatedEntry
        case duplicateKey
        case conflictingAliases
        case misspelledKey
        case missingUsername
        case missingPassword
        case missingProtocol
        case unknownProtocol
        case invalidPort
        case duplicateConnection
        case invalidSetting
        case invalidWakeOnLAN
        case invalidFlag
        case invalidTemplate
        case invalidHost
        case unusedKey
        /// A Guacamole parameter notes may not set (see `NotesParameterPolicy`).
        case refusedParameter
        /// `key:"NAME"` used where an SSH key cannot go (see docs/notes-syntax.md, "SSH keys").
        case invalidSSHKey
        case duplicateDefaultName
        case description
    }

    public let position: SourcePosition
    public let severity: Severity
    public let code: Code
    public let message: String

    public init(position: SourcePosition, severity: Severity, code: Code, message: String) {
        self.position = position
        self.severity = severity
        self.code = code
        self.message = message
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    /// `line 3, column 5: error: …`
    public var description: String { "\(position): \(severity.rawValue): \(message)" }

    /// `SOURCE:3:5: error: …` where SOURCE names the guest or file.
    public func formatted(source: String) -> String {
        "\(source):\(line):\(column): \(severity.rawValue): \(message)"
    }
}
