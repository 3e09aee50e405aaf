/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent swaps),
/// compared case-insensitively. Used to spot misspelled keys and variables.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs.lowercased().unicodeScalars)
    let b = Array(rhs.lowercased().unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, previousPrevious[j - 2] + 1)
            }
            current[j] = best
        }
        (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
}

/// The candidate `word` most likely misspells: close enough (1 edit for short words, 2 for longer)
/// but not identical. Nil when nothing is close.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let allowed = word.count <= 4 ? 1 : 2
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
        let distance = editDistance(word, candidate)
        if distance <= allowed, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}
