/// What the notes of one guest say: valid entries, diagnostics, and the notes-wide name template.
public struct ParsedNotes: Sendable, Hashable {
    /// Entries without errors, in the order written.
    public var entries: [CredentialEntry]
    /// Errors (their entry is skipped) and warnings, in text order.
    public var diagnostics: [NotesDiagnostic]
    /// `default_conf_name`, when given and valid.
    public var defaultConnectionName: NameTemplate?
    /// Text inside entries that the lenient reading skipped without a warning (prose keys such as
    /// `Owner:`, a bare value beaten by a quoted one): shown by `notes check --verbose`.
    public var ignored: [NotesDiagnostic]

    public init(entries: [CredentialEntry], diagnostics: [NotesDiagnostic], defaultConnectionName: NameTemplate?,
                ignored: [NotesDiagnostic] = []) {
        self.entries = entries
        self.diagnostics = diagnostics
        self.defaultConnectionName = defaultConnectionName
        self.ignored = ignored
    }

    public var errors: [NotesDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [NotesDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The template naming the entry's connections: its own, else `default_conf_name`, else
    /// ``NameTemplate/standard`` (`{user}@{vmname}-{proto}`).
    public func nameTemplate(for entry: CredentialEntry) -> NameTemplate {
        entry.connectionName ?? defaultConnectionName ?? .standard
    }

    /// The entry that yields the connection for (`username`, `proto`), if any.
    public func entry(username: String, proto: GuestProtocol) -> CredentialEntry? {
        entries.first { $0.username == username && $0.protocols.contains(proto) }
    }
}
