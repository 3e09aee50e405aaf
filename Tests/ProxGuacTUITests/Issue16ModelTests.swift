import Testing
@testable import ProxGuacTUI

@Suite struct Issue16ModelTests {
    @Test func quittingWhileTooSmallDuringAnApplyStopsTheWorkFirstAndReportsIt() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(2)
        await ui.send(.finished(.plan(PlanPreview(scope: .everything, lines: [PlanLine(action: .create, subject: "a", detail: "")]))))
        await ui.press(.character("y"))
        #expect(ui.model.busy != nil)
        await ui.resize(width: 60, height: 15)
        await ui.press(.character("q"))
        #expect(ui.exitCode == nil)
        #expect(ui.cancelRequests == 1)
        await ui.send(.finished(.applied(ApplySummary(created: 1, wasCancelled: true))))
        #expect(ui.exitCode == 0)
        #expect(ui.model.exitReport.first == "proxguac: Applying the plan stopped on request: Connections: 1 created · 0 updated · 0 deleted · Failed 0")
    }

    @Test func aSecondCtrlCWhileStoppingQuitsAtOnce() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(2)
        await ui.send(.finished(.plan(PlanPreview(scope: .everything, lines: [PlanLine(action: .create, subject: "a", detail: "")]))))
        await ui.press(.character("y"), .interrupt)
        #expect(ui.exitCode == nil)
        #expect(ui.text.contains("Ctrl-C again quits at once"))
        await ui.press(.interrupt)
        #expect(ui.exitCode == 130)
        #expect(ui.model.exitReport.first?.contains("`proxguac list` shows where things stand") == true)
    }

    @Test func thePagerPositionHasARowOfItsOwn() {
        var canvas = Canvas(width: 40, height: 5)
        let pager = TextPager(lines: (1...9).map { StyledLine(text: "line \($0) " + String(repeating: "x", count: 30)) })
        pager.render(into: &canvas, top: 0, height: 5)
        #expect(String(canvas.lines[4].drop { $0 == " " }) == "lines 1-4 of 9   ↓ more")
        #expect(canvas.lines[3].hasPrefix(" line 4"))
    }

    @Test func longLinesInAPagerWrapInsteadOfLosingTheirEnd() {
        var canvas = Canvas(width: 30, height: 6)
        TextPager(lines: [StyledLine(text: "failed: https://pve.example:8006/api2/json/cluster/resources?type=vm: cannot connect")])
            .render(into: &canvas, top: 0, height: 6)
        #expect(canvas.lines.joined().contains("cannot connect"))
    }

    @Test func c1ControlsAndBidiOverridesFromOutsideAreShownAsEscapes() {
        var canvas = Canvas(width: 24, height: 1)
        canvas.write("a\u{9B}31mb\u{202E}cd", row: 0, column: 0)
        #expect(canvas.lines == [#"a\x9b31mb\u{202e}cd"#])
    }

    @Test func asciiStandInsKeepTheColumns() {
        #expect(ASCIIFallback.text("› 1  Add · ─── … ゲ") == "> 1  Add - --- ~ ??")
    }

    @Test func aLongNoticeWrapsOverClearedRows() async {
        var ui = UIHarness()
        await ui.send(.log("warning: " + String(repeating: "word ", count: 30) + "the end"))
        #expect(ui.text.contains("the end"))
        await ui.press(.character("m"))
        #expect(ui.text.contains("Messages"))
    }

    @Test func pullOnAnOrphanIsRefusedAndPushAsksForTypedDELETE() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        await ui.press(.end)
        #expect(ui.focusedLine?.contains("orphan") == true)
        await ui.press(.character("l"))
        #expect(ui.text.contains("is an orphan: no notes entry to pull into; nothing was changed"))
        await ui.press(.character("p"), .character("y"), .enter)
        #expect(ui.text.contains("Type DELETE in capital letters"))
        #expect(try await ui.backend.statusRows().contains { $0.state == .orphan })
        await ui.press(.backspace)
        await ui.type("DELETE")
        await ui.press(.enter)
        #expect(try await ui.backend.statusRows().contains { $0.state == .orphan } == false)
    }

    @Test func theConflictQuestionNamesTheFieldsAndTheLosingSide() {
        let row = StatusRow(id: "1", name: "web", vmid: 1, proto: "ssh", state: .conflict, reason: "", ip: nil, ipSource: "",
                            connectionID: "5", changedFields: ["port", "password"])
        #expect(StatusScreen.consequence(of: .pull, on: row) == "Guacamole wins; the edits made in the notes (port, password) are lost")
        #expect(StatusScreen.consequence(of: .push, on: row) == "the notes win; Guacamole's own changes (port, password) are lost")
    }
}

@Suite struct ResultScreenTests {
    @Test func aResultWithFailuresListsWhatChangedAndOffersToRetry() async {
        var summary = ApplySummary(created: 1, failures: ["create web: HTTP 500"])
        summary.changes = ["+ create-connection db/ssh"]
        var screen = ReportScreen(title: "Auto sync · result", summary: summary, retry: .everything)
        let layout = Layout(size: TerminalSize(width: 80, height: 24))
        var canvas = Canvas(width: 80, height: 24)
        screen.render(into: &canvas, in: layout)
        #expect(canvas.lines.contains { $0.contains("What changed (1)") })
        #expect(canvas.lines.contains { $0.contains("+ create-connection db/ssh") })
        #expect(screen.hints.hasPrefix("r retry what failed"))
        guard case .push(_, let operation) = screen.handle(Key.character("r"), in: layout) else {
            Issue.record("r did not open a new plan")
            return
        }
        #expect(operation == Operation.plan(PlanScope.everything))
    }

    @Test func noRetryWithoutFailures() {
        let screen = ReportScreen(title: "x", summary: ApplySummary(created: 1), retry: .everything)
        #expect(!screen.hints.contains("retry"))
    }
}
