extension ExitStatus {
    /// The outcomes of one run, most serious first: when several meet, the first one present wins
    /// (1 fatal > 5 deletes held back > 3 some items failed > 6 drift left unresolved > 0).
    /// Codes not listed (2, 4, 64) end a run before any outcome is known and are never combined.
    public static let precedence: [Int32] = [failure, deletesHeld, partialFailure, 6, success]

    /// The exit code of a run whose outcomes are `codes` (success when there are none).
    public static func mostSerious(_ codes: [Int32]) -> Int32 {
        let rank = { (code: Int32) in precedence.firstIndex(of: code) ?? -1 }
        return codes.min { rank($0) < rank($1) } ?? success
    }
}
