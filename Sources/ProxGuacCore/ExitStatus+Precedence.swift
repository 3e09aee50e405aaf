extension ExitStatus {
    /// `auto` finished but left drift or conflicts in Guacamole unresolved (`sync.onDrift: report`).
    public static let driftUnresolved: Int32 = 6
    /// Deletes held back by the deletion guard (agreed across issues; set by the deletion-safety work).
    static let deletesHeldBackCode: Int32 = 5

    /// The most serious of several outcomes of one run: 1 > 5 > 3 > 6 > 0. Codes outside that list
    /// (2 usage, 4 locked, 64 command line) end a run on their own and win over all of them.
    ///
    ///     ExitStatus.mostSerious([0, 6, 3])   // 3
    public static func mostSerious<S: Sequence>(_ codes: S) -> Int32 where S.Element == Int32 {
        let order: [Int32] = [failure, deletesHeldBackCode, partialFailure, driftUnresolved, success]
        func rank(_ code: Int32) -> Int { order.firstIndex(of: code).map { order.count - $0 } ?? order.count + 1 }
        return codes.max { rank($0) < rank($1) } ?? success
    }
}
