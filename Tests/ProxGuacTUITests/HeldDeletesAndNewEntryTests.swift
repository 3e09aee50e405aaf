import ProxGuacCore
import Testing
@testable import ProxGuacTUI

/// #13 (typed lift of the deletion guard) and #15 (a typed credential entry) in the screen model.
@Suite struct HeldDeletesAndNewEntryTests {
    private func heldPlan(liftable: Bool) -> PlanPreview {
        var plan = PlanPreview(scope: .everything, lines: [
            PlanLine(action: .skip, subject: "web01 (101)/web01/ssh", detail: "delete (held back by the deletion guard)")
        ])
        plan.heldDeletes = HeldDeletes(count: 13, reason: liftable ? "no guest is selected" : "the token no longer holds VM.Audit on /vms",
                                       liftable: liftable)
        return plan
    }

    private func autoSync(_ plan: PlanPreview) async -> UIHarness {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(2)
        await ui.send(.finished(.plan(plan)))
        return ui
    }

    @Test func onlyDELETEALLOrTheCountLiftsTheGuardAndThePlanIsMadeAgain() async {
        var ui = await autoSync(heldPlan(liftable: true))
        #expect(ui.text.contains("13 deletes held back by the deletion guard: no guest is selected"))
        await ui.press(.character("D"))
        await ui.type("delete all")
        await ui.press(.enter)
        #expect(!ui.started.contains(.planLiftingGuard(.everything)))
        #expect(ui.text.contains("Type DELETE ALL or 13 exactly"))
        await ui.press(.escape, .character("D"))
        await ui.type("13")
        await ui.press(.enter)
        #expect(ui.started.last == .planLiftingGuard(.everything))
    }

    @Test func aShrunkenViewIsNeverLifted() async {
        var ui = await autoSync(heldPlan(liftable: false))
        await ui.press(.character("D"))
        #expect(!ui.text.contains("Type DELETE ALL or"))
        #expect(ui.text.contains("Not lifted here"))
        await ui.type("13")
        await ui.press(.enter)
        #expect(!ui.started.contains(.planLiftingGuard(.everything)))
    }

    @Test func thePasswordIsNeverDrawnAndTheEntryIsWrittenThenPlanned() async {
        var ui = UIHarness()
        ui.runsOperations = false
        await ui.openMenuItem(1)
        await ui.send(.finished(.guests([])))
        await ui.press(.character("e"))
        #expect(ui.started.last == .loadGuestsWithoutEntries)
        await ui.send(.finished(.guests([GuestRow(vmid: 105, name: "monitoring", node: "pve3", status: "running", protocols: [],
                                                  ip: nil, ipSource: "none", syncStatus: .missing)])))
        #expect(ui.text.contains("no entry"))
        await ui.press(.character(" "), .enter)
        await ui.type("ops")
        await ui.press(.enter)
        await ui.type("ssh, rdp")
        await ui.press(.enter)
        await ui.type("hunter2-secret")
        #expect(!ui.text.contains("hunter2"))
        #expect(!ui.text.contains("*"))
        await ui.press(.enter)
        let expected = NewNotesEntry(guests: [105], user: "ops", protocols: [.ssh, .rdp], password: Secret("hunter2-secret"))
        #expect(ui.started.last == .writeEntry(expected))
        #expect(!String(describing: expected).contains("hunter2"))
        await ui.send(.finished(.entryWritten(["wrote an entry for ops (ssh,rdp) into the notes of guest 105, password encrypted"])))
        #expect(ui.started.last == .plan(.guests([105])))
    }

    @Test func badProtocolsAreRefusedWithTheReason() {
        #expect(NewNotesEntry.protocols(from: "rdp,telnet") == nil)
        #expect(NewNotesEntry.protocols(from: "") == nil)
        #expect(NewNotesEntry.protocols(from: "vnc,vnc") == [.vnc])
    }
}
