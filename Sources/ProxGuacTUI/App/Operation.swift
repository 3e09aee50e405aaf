import ProxGuacCore

/// Backend work a screen asks for; the driver runs it off the UI and reports an `OperationResult`.
enum Operation: Sendable, Hashable {
    case loadGuests
    case plan(PlanScope)
    /// The plan with the deletion guard's empty-selection and size checks lifted (typed DELETE ALL).
    case planLiftingGuard(PlanScope)
    case apply(PlanPreview)
    case loadTree
    /// Guests without a credential entry (for a new one).
    case loadGuestsWithoutEntries
    case writeEntry(NewNotesEntry)
    case delete(ids: [String])
    case loadStatus
    case repair(StatusRow, RepairDirection)
    /// Counts plain passwords in these guests' notes (every cluster's guests when nil).
    case countPlainPasswords(guests: [GuestKey]?)
    case encryptPasswords(guests: [GuestKey])
    case testAuth
    case testNetwork(mac: String?)

    /// Whether the work writes to Guacamole or to the notes (an interrupted one reports what it did).
    var changesSomething: Bool {
        switch self {
        case .apply, .delete, .repair, .encryptPasswords, .writeEntry: true
        default: false
        }
    }

    /// What the progress box says while this runs.
    var label: String {
        switch self {
        case .loadGuests: "Loading guests"
        case .plan, .planLiftingGuard: "Working out the plan"
        case .apply: "Applying the plan"
        case .loadTree: "Loading managed connections"
        case .loadGuestsWithoutEntries: "Loading guests"
        case .writeEntry: "Writing the notes entry"
        case .delete: "Deleting"
        case .loadStatus: "Loading status"
        case .repair(let row, let direction): "\(direction == .push ? "Pushing" : "Pulling") \(row.name)"
        case .countPlainPasswords: "Reading notes"
        case .encryptPasswords: "Encrypting passwords"
        case .testAuth: "Testing authentication"
        case .testNetwork: "Testing the network"
        }
    }
}

/// What came back from an `Operation`.
enum OperationResult: Sendable, Hashable {
    case guests([GuestRow])
    case plan(PlanPreview)
    case applied(ApplySummary)
    case tree([TreeNode])
    case status([StatusRow])
    case repaired(String)
    /// One line per guest whose notes got the new entry.
    case entryWritten([String])
    case lines([String])
    case plainPasswords(NotesEncryptionPreview)
    case encrypted(NotesEncryptionSummary)
    /// The backend threw; the text is the error's one-line description.
    case failed(String)
    /// The work was cancelled before it produced a result.
    case cancelled
}

/// Runs operations against a backend.
enum OperationRunner {
    static func perform(
        _ operation: Operation, on backend: some TUIBackend, progress: @escaping @Sendable (ApplyProgress) -> Void
    ) async -> OperationResult {
        do {
            switch operation {
            case .loadGuests: return .guests(try await backend.guests(progress: progress))
            case .plan(let scope): return .plan(try await backend.plan(for: scope, progress: progress))
            case .planLiftingGuard(let scope):
                return .plan(try await backend.plan(for: scope, allowingMassDelete: true, progress: progress))
            case .apply(let plan): return .applied(try await backend.apply(plan: plan, progress: progress))
            case .loadTree: return .tree(try await backend.managedTree(progress: progress))
            case .loadGuestsWithoutEntries: return .guests(try await backend.guestsWithoutEntries(progress: progress))
            case .writeEntry(let entry): return .entryWritten(try await backend.writeEntry(entry))
            case .delete(let ids): return .applied(try await backend.delete(ids: ids, progress: progress))
            case .loadStatus: return .status(try await backend.statusRows(progress: progress))
            case .repair(let row, let direction): return .repaired(try await backend.repair(row: row, direction: direction))
            case .countPlainPasswords(let guests): return .plainPasswords(try await backend.plainPasswords(in: guests))
            case .encryptPasswords(let guests): return .encrypted(try await backend.encryptPasswords(in: guests, progress: progress))
            case .testAuth: return .lines(try await backend.testAuth())
            case .testNetwork(let mac): return .lines(try await backend.testNetwork(mac: mac))
            }
        } catch is CancellationError {
            return .cancelled
        } catch {
            // A request cut off by Esc fails with a transport error naming its URL: that is a cancel.
            if Task.isCancelled { return .cancelled }
            return .failed(String(describing: error))
        }
    }
}
