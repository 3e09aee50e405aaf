import ProxGuacCore

/// One Proxmox guest as read for a sync run: its facts, its notes and how far it could be read.
public struct GuestSnapshot: Sendable {
    public var facts: GuestFacts
    public var reference: GuestReference
    /// The notes (`description`), empty when the guest has none.
    public var notes: String {
        didSet { parsedNotes = NotesParser.parse(notes) }
    }
    /// `notes` parsed (once, when read: the loader and the desired set both need it).
    public private(set) var parsedNotes: ParsedNotes
    /// The config digest read with the notes (for `--pull` writes).
    public var digest: String?
    /// `.nodeOffline` or `.invalidNotes` when the config could not be read; nil when it was read.
    public var readFailure: GuestAvailability?

    public init(facts: GuestFacts, reference: GuestReference, notes: String = "", digest: String? = nil,
                readFailure: GuestAvailability? = nil) {
        self.facts = facts
        self.reference = reference
        self.notes = notes
        self.parsedNotes = NotesParser.parse(notes)
        self.digest = digest
        self.readFailure = readFailure
    }
}
