/// What a piece of text means on screen; the driver turns it into colours or, without colour, into
/// reverse/bold/underline so nothing relies on colour alone.
public enum Style: Sendable, Hashable, CaseIterable {
    case normal
    /// The top bar.
    case title
    /// The row under the cursor.
    case selected
    /// Table headings and section headings.
    case heading
    /// Key hints at the bottom.
    case hint
    case good
    case warning
    case bad
    /// Neutral emphasis (new items, informational).
    case accent
    case dim
}

extension SyncState {
    /// The style the state is drawn in.
    var style: Style {
        switch self {
        case .inSync: .good
        case .missing, .pveChanged: .accent
        case .deletedInGuacamole, .drift, .duplicate, .unknownNode: .warning
        case .conflict, .orphan, .invalidNotes, .error: .bad
        case .noAddress: .dim
        }
    }
}

extension PlanAction {
    var style: Style {
        switch self {
        case .create: .good
        case .update: .warning
        case .delete: .bad
        case .unchanged, .skip: .dim
        }
    }

    /// The sign in front of a plan line: `+`, `~`, `-`, `=`, `!`.
    public var sign: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        case .unchanged: "="
        case .skip: "!"
        }
    }
}
