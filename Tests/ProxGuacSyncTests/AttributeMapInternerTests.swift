import Testing
@testable import ProxGuacSync

/// Sharing equal attribute maps must never mix up two connections' settings (they are written back as read).
@Suite struct AttributeMapInternerTests {
    @Test func equalMapsComeBackEqualAndDistinctOnesStayDistinct() {
        var interner = AttributeMapInterner()
        let unset: [String: String?] = ["max-connections": nil, "guacd-hostname": nil]
        let handSet: [String: String?] = ["max-connections": "5", "guacd-hostname": nil]
        let first = interner.intern(unset)
        let second = interner.intern(handSet)
        let third = interner.intern(["guacd-hostname": nil, "max-connections": nil])
        #expect(first == unset)
        #expect(second == handSet)
        #expect(third == unset)
        #expect(interner.intern([:]).isEmpty)
    }

    @Test func setValuesLeaveNullsOut() {
        var interner = AttributeMapInterner()
        #expect(interner.internSetValues(of: ["max-connections": "5", "guacd-hostname": nil]) == ["max-connections": "5"])
        #expect(interner.internSetValues(of: ["max-connections": nil]).isEmpty)
        #expect(interner.internSetValues(of: ["max-connections": "7"]) == ["max-connections": "7"])
    }
}
