extension ExitStatus {
    /// `auto` finished but left drift or conflicts in Guacamole unresolved (`sync.onDrift: report`).
    public static let driftUnresolved: Int32 = 6

    /// The outcomes of one run, most serious first: when several meet, the first one present wins
    /// (1 fatal > 5 deletes held back > 3 some items failed > 6 drift left unresolved > 0).
    public static let precedence: [Int32] = [failure, deletesHeld, partialFailure, driftUnresolved, success]

    /// The most serious of several outcomes of one run. Codes outside ``precedence`` (2 usage, 4 locked,
    /// 64 command line) end a run on their own and win over all of them.
    ///
    ///     ExitStatus.mostSerious([0, 6, 3])   // 3
    public static func mostSerious<S: Sequence>(_ codes: S) -> Int32 where S.Element == Int32 {
        let rank = { (code: Int32) in precedence.firstIndex(of: code) ?? -1 }
        return codes.min { rank($0) < rank($1) } ?? success
    }
}
