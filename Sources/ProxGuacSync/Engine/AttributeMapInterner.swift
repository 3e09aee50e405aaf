/// Keeps one copy of each distinct attribute map read from Guacamole.
///
/// At 10,000 guests the connection listing holds about 18,000 attribute maps, nearly all the same seven keys
/// with null values; each decoded map is its own allocation (about 15 MB at that size). Equal maps are
/// interchangeable values, so the snapshot keeps one shared copy of each (copy-on-write makes sharing safe).
struct AttributeMapInterner {
    private var seen: Set<[String: String?]> = []
    private var seenNonNull: Set<[String: String]> = []

    /// `map`, or an equal one seen before.
    mutating func intern(_ map: [String: String?]) -> [String: String?] {
        if map.isEmpty { return [:] }
        if let existing = seen.firstIndex(of: map) { return seen[existing] }
        seen.insert(map)
        return map
    }

    /// The set (non-null) attributes of `map`, shared between equal results.
    mutating func internSetValues(of map: [String: String?]) -> [String: String] {
        let set = map.compactMapValues { $0 }
        if set.isEmpty { return [:] }
        if let existing = seenNonNull.firstIndex(of: set) { return seenNonNull[existing] }
        seenNonNull.insert(set)
        return set
    }
}
