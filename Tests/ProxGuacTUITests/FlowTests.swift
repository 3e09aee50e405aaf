import Testing
@testable import ProxGuacTUI

@Suite struct MainMenuTests {
    @Test func theMenuListsEveryActionAndQuitLeavesWithZero() async {
        var ui = UIHarness()
        for title in ["Add guests", "Auto sync", "List / status", "Delete connections", "Encrypt passwords in notes",
                      "Test auth", "Test network", "Quit"] {
            #expect(ui.text.contains(title))
        }
        #expect(ui.lines[0].hasSuffix("DEMO DATA"))
        await ui.press(.character("q"))
        #expect(ui.exitCode == 0)
    }

    @Test func arrowsMoveTheHighlightAndEnterOpensTheEntry() async {
        var ui = UIHarness()
        await ui.press(.down, .down, .character("k"), .enter)
        #expect(ui.lines[0].contains("Auto sync"))
    }

    @Test func aMouseClickOnAnEntryOpensIt() async {
        var ui = UIHarness()
        let row = ui.lines.firstIndex { $0.contains("List / status") } ?? -1
        await ui.press(.click(row: row, column: 10))
        #expect(ui.lines[0].contains("List / status"))
        #expect(ui.text.contains("web-01-rdp"))
    }

    @Test func ctrlCQuitsWith130() async {
        var ui = UIHarness()
        await ui.press(.interrupt)
        #expect(ui.exitCode == 130)
    }
}

@Suite struct AddFlowTests {
    @Test func selectingTwoGuestsShowsTheirPlanAndApplyingCreatesTheConnections() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        #expect(ui.text.contains("ゲスト-03"))
        // db-02 is the second row, ゲスト-03 the third.
        await ui.press(.down, .character(" "), .down, .character(" "))
        #expect(ui.text.contains("2 of 12 selected"))
        await ui.press(.enter)
        #expect(ui.lines[0].contains("Add 2 guests · plan"))
        #expect(ui.text.contains("+ db-02-ssh"))
        #expect(ui.text.contains("+ ゲスト-03-rdp"))
        #expect(ui.text.contains("Apply 2 changes?"))
        await ui.press(.character("y"))
        #expect(ui.text.contains("Connections: 2 created · 0 updated · 0 deleted · Failed 0"))
        let guests = try await ui.backend.guests()
        #expect(guests.filter { [102, 103].contains($0.vmid) }.allSatisfy { $0.syncStatus == .inSync })
        await ui.press(.enter, .enter)  // no to the encryption offer, then back from the result
        #expect(ui.lines[0].contains("Main menu"))
    }

    @Test func enterWithNothingSelectedExplainsWhatToDo() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        await ui.press(.enter)
        #expect(ui.text.contains("Select at least one guest first"))
        #expect(ui.started == [.loadGuests])
    }

    @Test func answeringNoToThePlanChangesNothing() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        await ui.press(.down, .character(" "), .enter, .character("n"))
        #expect(ui.text.contains("Plan not applied; nothing was changed."))
        #expect(try await ui.backend.guests().first { $0.vmid == 102 }?.syncStatus == .missing)
    }

    @Test func typingAfterSlashFiltersTheGuestsAsYouType() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        await ui.type("/caf")
        #expect(ui.text.contains("café-04"))
        #expect(!ui.text.contains("web-01"))
        #expect(ui.text.contains("Filter: caf"))
        await ui.press(.enter, .character(" "))
        #expect(ui.text.contains("1 of 12 selected"))
    }

    @Test func theDetailLineSaysWhereTheAddressCameFrom() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        await ui.press(.end)
        #expect(ui.focusedLine?.contains("jump-host-12") == true)
        #expect(ui.text.contains("IPv4 198.51.100.22 from qemu-guest-agent"))
    }

    @Test func clickingARowTogglesItsCheckbox() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        let row = ui.lines.firstIndex { $0.contains("café-04") } ?? -1
        await ui.press(.click(row: row, column: 3))
        #expect(ui.lines[row].contains("[x] café-04"))
    }
}

@Suite struct ResizeTests {
    @Test func belowEightyByTwentyFourAMessageAsksForABiggerWindowAndTheSelectionSurvives() async {
        var ui = UIHarness()
        await ui.openMenuItem(1)
        await ui.press(.down, .down, .down, .character(" "))
        let focused = ui.focusedLine
        #expect(focused?.contains("café-04") == true)
        await ui.resize(width: 60, height: 15)
        #expect(ui.text.contains("Terminal too small: 60×15"))
        #expect(ui.text.contains("at least 80×24"))
        await ui.press(.character(" "))  // ignored while too small
        await ui.resize(width: 100, height: 30)
        #expect(ui.focusedLine?.contains("[x] café-04") == true)
        #expect(ui.lines.count == 30)
        #expect(ui.lines[0].count == 99)  // title bar spans the new width (trailing space trimmed)
    }

    @Test func qStillQuitsWhenTheWindowIsTooSmall() async {
        var ui = UIHarness(width: 40, height: 10)
        await ui.press(.character("q"))
        #expect(ui.exitCode == 0)
    }

    @Test func aLongListScrollsInASmallWindowAndKeepsTheFocusAfterGrowing() async {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        await ui.press(.end)
        #expect(ui.focusedLine?.contains("old-vm-99-ssh") == true)
        await ui.resize(width: 80, height: 40)
        #expect(ui.focusedLine?.contains("old-vm-99-ssh") == true)
        #expect(ui.text.contains("web-01-rdp"))
    }
}

@Suite struct DeleteFlowTests {
    @Test func deletingRequiresTypingDELETE() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(4)
        await ui.press(.down, .character(" "), .enter)
        #expect(ui.text.contains("Type DELETE to confirm"))
        await ui.type("delete")
        await ui.press(.enter)
        #expect(ui.text.contains("Type DELETE in capital letters"))
        #expect(!ui.started.contains { if case .delete = $0 { true } else { false } })
        for _ in 0..<6 { await ui.press(.backspace) }
        await ui.type("DELETE")
        await ui.press(.enter)
        #expect(ui.started.last == .delete(ids: ["conn:17"]))
        #expect(ui.text.contains("1 deleted"))
        let tree = try await ui.backend.managedTree()
        #expect(!tree.flatMap(\.children).contains { $0.id == "conn:17" })
    }

    @Test func escOnTheConfirmationCancelsWithNothingChanged() async throws {
        var ui = UIHarness()
        let before = try await ui.backend.managedTree()
        await ui.openMenuItem(4)
        await ui.press(.character(" "), .enter)
        await ui.type("DELE")
        await ui.press(.escape)
        #expect(ui.text.contains("Cancelled; nothing was deleted."))
        #expect(ui.lines[0].contains("Delete connections"))
        #expect(try await ui.backend.managedTree() == before)
    }

    @Test func ctrlCOnTheConfirmationQuitsWithoutDeleting() async throws {
        var ui = UIHarness()
        let before = try await ui.backend.managedTree()
        await ui.openMenuItem(4)
        await ui.press(.character(" "), .enter)
        await ui.type("DELETE")
        await ui.press(.interrupt)
        #expect(ui.exitCode == 130)
        #expect(try await ui.backend.managedTree() == before)
    }
}

@Suite struct LongWorkTests {
    @Test func progressShowsCountsAndElapsedTimeAndEscCancels() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(2)
        #expect(ui.started == [.plan(.everything)])
        await ui.send(.tick(.seconds(1)))
        #expect(ui.text.contains("Working out the plan"))
        let plan = PlanPreview(scope: .everything, lines: (1...8).map { PlanLine(action: .create, subject: "g-\($0)", detail: "") })
        await ui.send(.finished(.plan(plan)))
        await ui.press(.character("y"))
        await ui.send(.progress(ApplyProgress(completed: 3, total: 8, current: "create g-4")))
        await ui.send(.tick(.seconds(5)))
        #expect(ui.text.contains("3/8  0:04"))
        #expect(ui.text.contains("create g-4"))
        await ui.press(.character("y"))  // other keys are ignored while working
        await ui.press(.escape)
        #expect(ui.cancelRequests == 1)
        #expect(ui.text.contains("Cancelling"))
        await ui.send(.finished(.applied(ApplySummary(created: 3, wasCancelled: true))))
        #expect(ui.text.contains("3 created"))
        #expect(ui.text.contains("Cancelled: the remaining steps were not started"))
    }

    @Test func ctrlCDuringWorkCancelsItFirstAndThenQuits() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(2)
        await ui.press(.interrupt)
        #expect(ui.cancelRequests == 1)
        #expect(ui.exitCode == nil)
        await ui.send(.finished(.cancelled))
        #expect(ui.exitCode == 130)
    }

    @Test func sigtermQuitsWith143() async {
        var ui = UIHarness()
        await ui.send(.signal(15))
        #expect(ui.exitCode == 143)
    }

    @Test func aBackendErrorIsShownAsOneLine() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(1)
        await ui.send(.finished(.failed("Proxmox VE refused the token; check token_id in the config")))
        #expect(ui.text.contains("Proxmox VE refused the token; check token_id in the config"))
    }
}

@Suite struct StatusFlowTests {
    @Test func theDetailPaneSaysWhyARowDrifted() async {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        await ui.press(.down, .down, .down, .down)
        #expect(ui.focusedLine?.contains("café-04-ssh") == true)
        #expect(ui.text.contains("Why: Guacamole hostname is 203.0.113.40 but the guest's address is\n 203.0.113.14 (from lxc-config)."))
    }

    @Test func pushRepairsADriftedRowAfterConfirmation() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        await ui.press(.down, .down, .down, .down, .character("p"))
        #expect(ui.text.contains("Push? y/n  café-04-ssh: overwrite Guacamole with the notes"))
        await ui.press(.character("y"))
        #expect(ui.text.contains("Pushed café-04-ssh"))
        #expect(ui.focusedLine?.contains("in sync") == true)
        #expect(try await ui.backend.statusRows().first { $0.name == "café-04-ssh" }?.state == .inSync)
    }

    @Test func declinedOrPointlessRepairsChangeNothing() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        await ui.press(.character("p"))
        #expect(ui.text.contains("web-01-rdp is in sync (Guacamole matches the notes): nothing to push."))
        await ui.press(.down, .down, .down, .down, .character("l"), .character("n"))
        #expect(ui.text.contains("Not repaired; nothing was changed."))
        #expect(try await ui.backend.statusRows().first { $0.name == "café-04-ssh" }?.state == .drift)
    }

    @Test func refreshShowsChangesMadeElsewhere() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(3)
        #expect(ui.lines.contains { $0.contains("new") && $0.contains("db-02-ssh") })
        _ = try await ui.backend.apply(plan: ui.backend.plan(for: .guests([102])), progress: { _ in })
        await ui.press(.character("r"))
        #expect(ui.lines.contains { $0.contains("in sync") && $0.contains("db-02-ssh") })
    }
}

@Suite struct OtherScreensTests {
    @Test func autoSyncPlanIncludesRemovingOrphans() async {
        var ui = UIHarness()
        await ui.openMenuItem(2)
        #expect(ui.text.contains("- old-vm-99-ssh"))
        #expect(ui.text.contains("~ café-04-ssh"))
        #expect(ui.text.contains("! mail-05"))
    }

    @Test func testNetworkFindsAGuestByMACAndRejectsNonsense() async {
        var ui = UIHarness()
        await ui.openMenuItem(7)
        await ui.type("bc:24:11:00:01:06")
        await ui.press(.enter)
        #expect(ui.text.contains("106 win11-ws-06 at 198.51.100.16"))
        await ui.press(.escape)
        await ui.openMenuItem(7)
        await ui.type("nonsense")
        await ui.press(.enter)
        #expect(ui.text.contains("'nonsense' is not a MAC address"))
    }

    @Test func testAuthShowsOneLinePerService() async {
        var ui = UIHarness()
        await ui.openMenuItem(6)
        #expect(ui.text.contains("ok  Proxmox VE"))
        #expect(ui.text.contains("ok  Guacamole"))
    }
}
