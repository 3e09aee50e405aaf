/// The connections by identifier, with an index by (parent group, name) so the uniqueness check of a
/// create or update is a lookup instead of a scan of every connection.
struct GuacConnectionDirectory: Sendable {
    private struct Place: Hashable, Sendable {
        var parent: String
        var name: String
    }

    private var byID: [String: GuacConnectionRecord] = [:]
    private var idsByPlace: [Place: Set<String>] = [:]

    var values: Dictionary<String, GuacConnectionRecord>.Values { byID.values }
    var count: Int { byID.count }

    subscript(id: String) -> GuacConnectionRecord? {
        get { byID[id] }
        set {
            if let old = byID[id] { forget(id, at: Place(parent: old.parentIdentifier, name: old.name)) }
            byID[id] = newValue
            if let newValue { idsByPlace[Place(parent: newValue.parentIdentifier, name: newValue.name), default: []].insert(id) }
        }
    }

    mutating func removeValue(forKey id: String) {
        self[id] = nil
    }

    /// Whether a connection other than `excluded` is named `name` in group `parent`.
    func containsName(_ name: String, in parent: String, excluding excluded: String? = nil) -> Bool {
        guard let ids = idsByPlace[Place(parent: parent, name: name)] else { return false }
        return ids.contains { $0 != excluded }
    }

    private mutating func forget(_ id: String, at place: Place) {
        idsByPlace[place]?.remove(id)
        if idsByPlace[place]?.isEmpty == true { idsByPlace.removeValue(forKey: place) }
    }
}
