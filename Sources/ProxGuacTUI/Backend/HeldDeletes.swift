/// Deletes of a plan that the deletion guard held back (docs/sync-and-drift.md "The deletion guard").
public struct HeldDeletes: Sendable, Hashable {
    /// How many deletes (connections and groups) were held back.
    public var count: Int
    /// Why, in the guard's words (one line).
    public var reason: String
    /// Whether a typed confirmation may lift the guard, as `--allow-mass-delete` does: true for the
    /// empty-selection and size checks, false for a shrunken or unreadable token view (a lost privilege never deletes).
    public var liftable: Bool

    public init(count: Int, reason: String, liftable: Bool) {
        self.count = count
        self.reason = reason
        self.liftable = liftable
    }

    /// What may be typed to lift the guard: `DELETE ALL`, or the number of held deletes.
    public static let confirmationWords = "DELETE ALL"

    /// Whether `typed` lifts the guard for these deletes.
    public func isConfirmed(by typed: String) -> Bool {
        let text = String(typed.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return text == Self.confirmationWords || text == String(count)
    }
}
