/// Finds the known key closest to a misspelt one (`tokenSecert` -> `tokenSecret`, `token_id` -> `tokenId`).
enum KeySuggestion {
    /// The closest candidate, or nil when none is close enough to be a plausible typo.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let wanted = normalized(key)
        let scored = candidates.map { (candidate: $0, distance: editDistance(wanted, normalized($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        return best.distance <= max(2, wanted.count / 3) ? best.candidate : nil
    }

    /// Without `_`, `-` and spaces, so snake_case and kebab-case spellings match camelCase
    /// (``editDistance(_:_:)`` already ignores case).
    private static func normalized(_ key: String) -> String {
        key.filter { $0 != "_" && $0 != "-" && $0 != " " }
    }
}
