/// Finds the known key closest to a misspelt one (`tokenSecert` -> `tokenSecret`, `token_id` -> `tokenId`).
enum KeySuggestion {
    /// The closest candidate, or nil when none is close enough to be a plausible typo.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let wanted = normalized(key)
        let scored = candidates.map { (candidate: $0, distance: editDistance(wanted, normalized($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        let tolerance = max(2, wanted.count / 3)
        return best.distance <= tolerance ? best.candidate : nil
    }

    /// Lowercased without `_`, `-` and spaces, so snake_case and kebab-case spellings match camelCase.
    private static func normalized(_ key: String) -> [Character] {
        Array(key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Levenshtein distance.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, charA) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, charB) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA == charB ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
