/// Finds the known key closest to a misspelt one (`tokenSecert` -> `tokenSecret`, `token_id` -> `tokenId`).
enum KeySuggestion {
    /// The closest candidate, or nil when none is close enough to be a plausible typo.
    static func closest(to key: String, among candidates: [String]) -> String? {
        var byNormalized: [String: String] = [:]
        for candidate in candidates where byNormalized[normalized(candidate)] == nil {
            byNormalized[normalized(candidate)] = candidate
        }
        let wanted = normalized(key)
        if let exact = byNormalized[wanted] { return exact }
        return SpellingCandidates(Array(byNormalized.keys)).closest(to: wanted).flatMap { byNormalized[$0] }
    }

    /// Lower case, without `_`, `-` and spaces, so snake_case and kebab-case spellings match camelCase.
    private static func normalized(_ key: String) -> String {
        key.filter { $0 != "_" && $0 != "-" && $0 != " " }.lowercased()
    }
}
