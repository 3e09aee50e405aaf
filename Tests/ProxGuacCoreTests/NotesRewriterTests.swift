import Testing
@testable import ProxGuacCore

/// A stand-in cipher: visibly different from the password and easy to check.
private func fakeEncrypt(_ password: String) -> String { "enc(" + String(password.reversed()) + ")" }

struct NotesPasswordMigrationTests {
    /// The migration example of Proxmox-Guacamole-Sync's README, byte for byte.
    @Test func replacesThePlainPairInPlace() throws {
        let migration = try NotesRewriter.encryptPasswords(in: #"user:"admin" pass:"MyPassword123" protos:"rdp,ssh";"#,
                                                           encrypt: fakeEncrypt)
        #expect(migration.text == #"user:"admin" encrypted_password:"enc(321drowssaPyM)" protos:"rdp,ssh";"#)
        #expect(migration.encryptedEntries == 1)
    }

    @Test func keepsEveryOtherByte() throws {
        let notes = "# Lab VM\r\nSee runbook; ask Bob.\r\n\tuser:'admin'\tpass: 'a;b\"c'  protos:rdp ;\r\n"
            + "user:\"view\" password:\"v\\\\1\" protos:\"vnc\"; trailing text\n"
        let migration = try NotesRewriter.encryptPasswords(in: notes, encrypt: fakeEncrypt)
        #expect(migration.text == "# Lab VM\r\nSee runbook; ask Bob.\r\n\tuser:'admin'\tencrypted_password:\"enc(c\\\"b;a)\"  protos:rdp ;\r\n"
            + "user:\"view\" encrypted_password:\"enc(1\\\\v)\" protos:\"vnc\"; trailing text\n")
        let parsed = NotesParser.parse(migration.text)
        #expect(parsed.entries.map(\.password) == [.encrypted("enc(c\"b;a)"), .encrypted("enc(1\\v)")])
    }

    @Test func overwritesAnExistingCipherAndDropsEveryPlainPair() throws {
        let notes = "pass:\"old\" user:\"u\" encrypted_password:\"stale\" password:\"new\" protos:\"rdp\";"
        let migration = try NotesRewriter.encryptPasswords(in: notes, encrypt: fakeEncrypt)
        #expect(migration.text == "user:\"u\" encrypted_password:\"enc(wen)\" protos:\"rdp\";")
    }

    @Test func bothPlainSpellingsBecomeOneCipher() throws {
        let notes = "user:\"u\" pass:\"a\" password:\"b\" protos:\"rdp\";"
        let migration = try NotesRewriter.encryptPasswords(in: notes, encrypt: fakeEncrypt)
        #expect(migration.text == "user:\"u\" encrypted_password:\"enc(b)\" protos:\"rdp\";")
    }

    @Test func aRepeatedPasswordKeyIsEncryptedPairByPair() throws {
        let notes = #"user:"u" pass:"a" pass:"b" protos:"rdp";"#
        let migration = try NotesRewriter.encryptPasswords(in: notes, encrypt: fakeEncrypt)
        #expect(migration.text == #"user:"u" encrypted_password:"enc(a)" encrypted_password:"enc(b)" protos:"rdp";"#)
        #expect(NotesParser.parse(migration.text).codes == [.duplicateKey])
    }

    @Test func entriesWithErrorsAreMigratedToo() throws {
        let migration = try NotesRewriter.encryptPasswords(in: #"user:"u" pass:"p" protos:"telnet";"#, encrypt: fakeEncrypt)
        #expect(migration.text == #"user:"u" encrypted_password:"enc(p)" protos:"telnet";"#)
    }

    @Test func notesWithoutPlainPasswordsAreLeftAlone() throws {
        let notes = "Remember to change pass: weekly;\nuser:\"u\" encrypted_password:\"c\" protos:\"rdp\";"
        var calls = 0
        let migration = try NotesRewriter.encryptPasswords(in: notes) { calls += 1; return $0 }
        #expect(migration.text == notes)
        #expect(migration.encryptedEntries == 0)
        #expect(calls == 0)
    }

    @Test func cipherErrorsArePassedOn() {
        struct KeyMissing: Error {}
        #expect(throws: KeyMissing.self) {
            try NotesRewriter.encryptPasswords(in: #"user:"u" pass:"p" protos:"rdp";"#) { _ in throw KeyMissing() }
        }
    }

    @Test func multiLineCiphertextIsRefused() {
        #expect(throws: NotesEditError.unwritableValue(field: "encrypted_password", reason: "the value contains a line break")) {
            try NotesRewriter.encryptPasswords(in: #"user:"u" pass:"p" protos:"rdp";"#) { _ in "a\nb" }
        }
    }
}

struct NotesEntryUpdateTests {
    static let notes = """
    Build agent. Do not reboot on Fridays.
    user:"admin" pass:"old" protos:"rdp,vnc"
        rdp_port:"3390" confName:"{vmname}-{proto}";
    user:'ops' encrypted_password:'c1' protos:ssh port:2200;
    """

    @Test func replacesAnExistingProtocolPort() throws {
        let result = try NotesRewriter.update(Self.notes, username: "admin", proto: .rdp, with: .init(port: 3391))
        #expect(result == Self.notes.replacingOccurrences(#"rdp_port:"3390""#, #"rdp_port:"3391""#))
    }

    @Test func addsAProtocolPortAfterTheLastPair() throws {
        let result = try NotesRewriter.update(Self.notes, username: "admin", proto: .vnc, with: .init(port: 5901))
        #expect(result == Self.notes.replacingOccurrences(#"confName:"{vmname}-{proto}";"#,
                                                          #"confName:"{vmname}-{proto}" vnc_port:"5901";"#))
        #expect(NotesParser.parse(result).entries[0].ports == [.rdp: 3390, .vnc: 5901])
    }

    @Test func replacesTheSharedPortWhenTheEntryHasOneProtocol() throws {
        let result = try NotesRewriter.update(Self.notes, username: "ops", proto: .ssh, with: .init(port: 22))
        #expect(result == Self.notes.replacingOccurrences("port:2200;", #"port:"22";"#))
    }

    @Test func sharedPortOfSeveralProtocolsStaysAndTheProtocolGetsItsOwn() throws {
        let notes = #"user:"u" pass:"p" protos:"rdp,ssh" port:"2000";"#
        let result = try NotesRewriter.update(notes, username: "u", proto: .ssh, with: .init(port: 22))
        #expect(result == #"user:"u" pass:"p" protos:"rdp,ssh" port:"2000" ssh_port:"22";"#)
    }

    @Test func writesAnEncryptedPasswordInPlaceOfThePlainOne() throws {
        let result = try NotesRewriter.update(Self.notes, username: "admin", proto: .vnc,
                                              with: .init(password: .encrypted("c2")))
        #expect(result == Self.notes.replacingOccurrences(#"pass:"old""#, #"encrypted_password:"c2""#))
    }

    @Test func replacesAnExistingCipher() throws {
        let result = try NotesRewriter.update(Self.notes, username: "ops", proto: .ssh,
                                              with: .init(password: .encrypted("c9")))
        #expect(result == Self.notes.replacingOccurrences("encrypted_password:'c1'", #"encrypted_password:"c9""#))
    }

    @Test func writesAPlainPasswordOverACipher() throws {
        let result = try NotesRewriter.update(Self.notes, username: "ops", proto: .ssh,
                                              with: .init(password: .plain(Secret("n\"ew"))))
        #expect(result == Self.notes.replacingOccurrences("encrypted_password:'c1'", #"pass:"n\"ew""#))
    }

    @Test func renamesTheUser() throws {
        let result = try NotesRewriter.update(Self.notes, username: "ops", proto: .ssh, with: .init(username: "root"))
        #expect(result == Self.notes.replacingOccurrences("user:'ops'", #"user:"root""#))
    }

    @Test func setsReplacesAndRemovesSettings() throws {
        let added = try NotesRewriter.update(Self.notes, username: "admin", proto: .vnc,
                                             with: .init(settings: [.init(name: "read-only", value: "true")]))
        #expect(added == Self.notes.replacingOccurrences(#"{proto}";"#, #"{proto}" vnc_settings:"read-only=true";"#))
        let replaced = try NotesRewriter.update(added, username: "admin", proto: .vnc,
                                                with: .init(settings: [.init(name: "color-depth", value: "16")]))
        #expect(replaced == Self.notes.replacingOccurrences(#"{proto}";"#, #"{proto}" vnc_settings:"color-depth=16";"#))
        let removed = try NotesRewriter.update(replaced, username: "admin", proto: .vnc, with: .init(settings: []))
        #expect(removed == Self.notes)
    }

    @Test func unchangedValuesLeaveTheTextAlone() throws {
        let same = EntryChanges(username: "admin", password: .plain(Secret("old")), port: 3390, settings: [])
        #expect(try NotesRewriter.update(Self.notes, username: "admin", proto: .rdp, with: same) == Self.notes)
    }

    @Test func unknownEntryIsAnError() {
        #expect(throws: NotesEditError.entryNotFound(username: "admin", proto: .ssh)) {
            try NotesRewriter.update(Self.notes, username: "admin", proto: .ssh, with: .init(port: 22))
        }
    }

    @Test func unwritableValuesAreRefused() {
        #expect(throws: NotesEditError.self) {
            try NotesRewriter.update(Self.notes, username: "admin", proto: .rdp, with: .init(username: "a\nb"))
        }
        #expect(throws: NotesEditError.self) {
            try NotesRewriter.update(Self.notes, username: "admin", proto: .rdp, with: .init(port: 70000))
        }
        #expect(throws: NotesEditError.self) {
            try NotesRewriter.update(Self.notes, username: "admin", proto: .rdp,
                                     with: .init(settings: [.init(name: "a", value: "1,2")]))
        }
    }

    @Test func anEditThatWouldClashWithAnotherEntryIsRefused() {
        #expect(throws: NotesEditError.verificationFailed(username: "admin", proto: .rdp)) {
            try NotesRewriter.update(Self.notes + "\nuser:\"root\" pass:\"x\" protos:\"rdp\";",
                                     username: "admin", proto: .rdp, with: .init(username: "root"))
        }
    }

    @Test func errorMessagesNameNoPassword() {
        let errors: [NotesEditError] = [
            .entryNotFound(username: "u", proto: .rdp), .unwritableValue(field: "pass", reason: "the value is empty"),
            .verificationFailed(username: "u", proto: .vnc),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("u") || error.description.contains("pass"))
        }
    }
}

extension String {
    /// Exactly one occurrence replaced (the test fails loudly if the fixture changes).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        let parts = components(separatedBy: target)
        #expect(parts.count == 2, "expected one '\(target)'")
        return parts.joined(separator: replacement)
    }

    private func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
