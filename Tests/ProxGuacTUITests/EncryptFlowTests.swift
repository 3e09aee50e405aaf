import Testing
@testable import ProxGuacTUI

@Suite struct EncryptMenuTests {
    @Test func showsHowManyPlainPasswordsInHowManyGuestsAndEncryptsThemAfterYes() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(5)
        #expect(ui.started == [.countPlainPasswords(guests: nil)])
        #expect(ui.text.contains("4 plain passwords in 4 guests (of 12 checked)"))
        #expect(ui.text.contains("102  db-02"))
        #expect(!ui.text.contains("web-01"))
        #expect(ui.text.contains("Encrypt 4 plain passwords in 4 guests now? y encrypts"))
        await ui.press(.character("y"))
        #expect(ui.started.last == .encryptPasswords(guests: [102, 103, 105, 110]))
        #expect(ui.lines[0].contains("Encrypt passwords in notes · result"))
        #expect(ui.text.contains("Encrypted 4 passwords in 4 guests · Failed 0"))
        #expect(try await ui.backend.plainPasswords(in: nil).plainPasswords == 0)
    }

    @Test func noChangesEncryptNothing() async throws {
        var ui = UIHarness()
        await ui.openMenuItem(5)
        await ui.press(.character("n"))
        #expect(ui.lines[0].contains("Main menu"))
        #expect(ui.text.contains("Not encrypted; nothing was changed."))
        #expect(try await ui.backend.plainPasswords(in: nil).plainPasswords == 4)
    }

    @Test func withoutAKeyItSaysHowToConfigureOneAndRefusesToStart() async {
        var ui = UIHarness(keyConfigured: false)
        await ui.openMenuItem(5)
        #expect(ui.text.contains("4 plain passwords in 4 guests"))
        #expect(ui.text.contains("Cannot encrypt: no encryption key is configured; run `proxguac keygen`"))
        await ui.press(.character("y"))
        #expect(ui.started == [.countPlainPasswords(guests: nil)])
    }

    @Test func whenEverythingIsEncryptedThereIsNothingToDo() async throws {
        var ui = UIHarness()
        _ = try await ui.backend.encryptPasswords(in: [102, 103, 105, 110], progress: { _ in })
        await ui.openMenuItem(5)
        #expect(ui.text.contains("No plain passwords in the notes of 12 guests."))
        #expect(ui.text.contains("Nothing to encrypt."))
        await ui.press(.character("y"))
        #expect(ui.started == [.countPlainPasswords(guests: nil)])
    }

    @Test func progressIsShownAndCancellingKeepsWhatWasDone() async {
        var ui = UIHarness()
        await ui.openMenuItem(5)
        ui.runsOperations = false
        await ui.press(.character("y"))
        await ui.send(.progress(ApplyProgress(completed: 1, total: 4, current: "encrypting ゲスト-03")))
        #expect(ui.text.contains("Encrypting passwords"))
        #expect(ui.text.contains("1/4"))
        #expect(ui.text.contains("encrypting ゲスト-03"))
        await ui.press(.escape)
        #expect(ui.cancelRequests == 1)
        await ui.send(.finished(.encrypted(NotesEncryptionSummary(encryptedPasswords: 1, guestsChanged: 1, wasCancelled: true))))
        #expect(ui.text.contains("Encrypted 1 password in 1 guest"))
        #expect(ui.text.contains("Cancelled: the remaining guests were not touched"))
    }
}

@Suite struct EncryptOfferAfterAddTests {
    /// Opens Add, checks the guests on these rows (in ascending order), plans and applies.
    private func addAndApply(_ ui: inout UIHarness, rows: [Int]) async {
        await ui.openMenuItem(1)
        var at = 0
        for row in rows {
            while at < row { await ui.press(.down); at += 1 }
            await ui.press(.character(" "))
        }
        await ui.press(.enter, .character("y"))
    }

    @Test func afterApplyingItOffersToEncryptThePlainPasswordsOfTheChosenGuests() async throws {
        var ui = UIHarness()
        await addAndApply(&ui, rows: [0, 1])  // web-01 (encrypted), db-02 (plain)
        #expect(ui.started.last == .countPlainPasswords(guests: [101, 102]))
        #expect(ui.text.contains("Connections: 1 created · 0 updated · 0 deleted · Failed 0"))
        #expect(ui.text.contains("Encrypt 1 plain password in these guests' notes now? [y/N]"))
        await ui.press(.character("y"))
        #expect(ui.started.last == .encryptPasswords(guests: [102]))
        #expect(ui.text.contains("Encrypted 1 password in 1 guest · Failed 0"))
        #expect(ui.text.contains("1 created"))
        let left = try await ui.backend.plainPasswords(in: nil)
        #expect(left.plainPasswords == 3)
        #expect(!left.guests.contains { $0.vmid == 102 })
    }

    @Test func enterMeansNoAndLeavesTheNotesAlone() async throws {
        var ui = UIHarness()
        await addAndApply(&ui, rows: [1])
        await ui.press(.enter)
        #expect(ui.text.contains("Passwords left as they are"))
        #expect(ui.text.contains("1 created"))
        #expect(try await ui.backend.plainPasswords(in: [102]).plainPasswords == 1)
        await ui.press(.enter)
        #expect(ui.lines[0].contains("Main menu"))
    }

    @Test func noOfferWhenTheChosenGuestsHaveNoPlainPasswords() async {
        var ui = UIHarness()
        await addAndApply(&ui, rows: [3])  // café-04: encrypted already
        #expect(ui.lines[0].contains("Add 1 guest · result"))
        #expect(!ui.text.contains("[y/N]"))
    }

    @Test func noOfferWithoutAKey() async {
        var ui = UIHarness(keyConfigured: false)
        await addAndApply(&ui, rows: [1])
        #expect(ui.lines[0].contains("Add 1 guest · result"))
        #expect(!ui.text.contains("[y/N]"))
    }

    @Test func noOfferAfterAutoSync() async {
        var ui = UIHarness()
        await ui.openMenuItem(2)
        await ui.press(.character("y"))
        #expect(!ui.started.contains { if case .countPlainPasswords = $0 { true } else { false } })
        #expect(ui.lines[0].contains("Auto sync · result"))
    }
}
