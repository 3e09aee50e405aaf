/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent swaps)
/// between two lowercased scalar sequences; any distance above `limit` is reported as `limit + 1`.
private func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
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
        if current.min() ?? 0 > limit { return limit + 1 }
        (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return min(previous[b.count], limit + 1)
}

/// Words a misspelled word is compared with, prepared once (config keys, notes keys, command names).
public struct SpellingCandidates: Sendable {
    private let words: [(word: String, scalars: [Unicode.Scalar], letters: UInt64)]

    public init(_ words: [String]) {
        self.words = words.map { word in
            let scalars = Array(word.lowercased().unicodeScalars)
            return (word, scalars, Self.letterSet(scalars))
        }
    }

    /// One bit per distinct letter or digit (everything else shares bit 63). Each edit adds at most one
    /// letter missing from the other word, so the bits one word has and the other lacks bound the distance.
    private static func letterSet(_ scalars: [Unicode.Scalar]) -> UInt64 {
        var set: UInt64 = 0
        for scalar in scalars {
            let value = scalar.value
            let bit: UInt32 = switch value {
            case 0x61...0x7A: value - 0x61
            case 0x30...0x39: value - 0x30 + 26
            default: 63
            }
            set |= 1 << UInt64(bit)
        }
        return set
    }

    /// The candidate `word` most likely misspells, compared case-insensitively: close enough (1 edit
    /// for words up to 4 letters, 2 for longer ones) but not identical. Nil when nothing is close.
    public func closest(to word: String) -> String? {
        let scalars = Array(word.lowercased().unicodeScalars)
        let letters = Self.letterSet(scalars)
        let allowed = scalars.count <= 4 ? 1 : 2
        var best: (word: String, distance: Int)?
        for candidate in words where candidate.word != word && abs(candidate.scalars.count - scalars.count) <= allowed {
            let lowerBound = max((letters & ~candidate.letters).nonzeroBitCount, (candidate.letters & ~letters).nonzeroBitCount)
            guard lowerBound <= allowed else { continue }
            let distance = editDistance(scalars, candidate.scalars, limit: allowed)
            if distance <= allowed, distance < (best?.distance ?? Int.max) {
                best = (candidate.word, distance)
            }
        }
        return best?.word
    }
}
