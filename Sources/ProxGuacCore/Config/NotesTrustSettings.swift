/// `sync.notes`: what an admin lets notes do beyond the defaults (notes are untrusted input; see docs/notes-syntax.md).
public struct NotesTrustSettings: Sendable, Hashable {
    /// `allowParameters`: Guacamole parameter names notes may set although ``NotesParameterPolicy`` refuses them.
    public var allowParameters: [String]
    /// `allowHostNames`: a note's `host:` may be a DNS name (resolved at sync time, every address checked).
    public var allowHostNames: Bool
    /// `sharedGroups`: groups (below the root group) any note may place connections in, besides its guest's own.
    public var sharedGroups: [String]

    public init(allowParameters: [String] = [], allowHostNames: Bool = false, sharedGroups: [String] = []) {
        self.allowParameters = allowParameters
        self.allowHostNames = allowHostNames
        self.sharedGroups = sharedGroups
    }
}
