import Testing
@testable import ProxGuacTUI

@Suite struct PlanReviewTests {
    private let plan = PlanPreview(scope: .guests([100]), lines: [
        PlanLine(action: .create, subject: "win-desktop (100)/win-desktop-admin-rdp", detail: "in the notes, not in Guacamole: create"),
        PlanLine(action: .create, subject: "win-desktop (100)/win-desktop-admin-vnc", detail: "in the notes, not in Guacamole: create"),
    ])

    @Test func longConnectionNamesThatDifferAtTheEndStayDistinctAt80Columns() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        ui.runsOperations = false
        await ui.press(.character(" "), .enter)
        await ui.send(.finished(.plan(plan)))
        #expect(ui.text.contains("+ win-desktop (100)/win-desktop-admin-rdp  in the notes"))
        #expect(ui.text.contains("+ win-desktop (100)/win-desktop-admin-vnc  in the notes"))
    }

    @Test func aVeryLongNameIsCutToLeaveRoomForTheReasonAndShownWholeInAWiderWindow() async {
        let long = String(repeating: "x", count: 60) + "-rdp"
        var ui = UIHarness()
        await ui.openMenuItem(1)
        ui.runsOperations = false
        await ui.press(.character(" "), .enter)
        await ui.send(.finished(.plan(PlanPreview(scope: .guests([100]), lines: [
            PlanLine(action: .create, subject: long, detail: "in the notes, not in Guacamole: create")
        ]))))
        #expect(ui.text.contains("…  in the notes, not in"))
        await ui.resize(width: 120, height: 30)
        #expect(ui.text.contains(long + "  in the notes, not in Guacamole: create"))
    }
}
