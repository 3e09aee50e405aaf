import Foundation

extension LabScenario {
    /// New notes for about `percent` % of the guests that have notes (at least one guest): the first
    /// password in each is changed, as an admin editing notes between two timer runs would.
    /// Deterministic: every n-th guest with notes, in VM id order.
    public func notesChanges(percent: Double) -> [Int: String] {
        let withNotes = guests.filter { ($0.config["description"] ?? "").contains("pass:\"") }.sorted { $0.vmid < $1.vmid }
        guard !withNotes.isEmpty, percent > 0 else { return [:] }
        let wanted = max(1, Int((Double(withNotes.count) * percent / 100).rounded()))
        let step = max(1, withNotes.count / wanted)
        var changes: [Int: String] = [:]
        for guest in withNotes.enumerated().filter({ $0.offset % step == 0 }).prefix(wanted).map(\.element) {
            let notes = guest.config["description"] ?? ""
            if let range = notes.range(of: "pass:\"") {
                changes[guest.vmid] = notes.replacingCharacters(in: range, with: "pass:\"changed-")
            }
        }
        return changes
    }
}
