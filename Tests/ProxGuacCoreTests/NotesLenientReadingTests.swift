import Testing
@testable import ProxGuacCore

/// The rule for notes written by people (issue #15, docs/notes-syntax.md "How notes written by people are
/// read"), one test per case, with the exact inputs of the issue. Each case is also checked in strict mode,
/// which keeps the old strictness (`notes check --strict`).
struct NotesLenientReadingTests {
    private let fullEntry = #"user:"admin" pass:"x" protos:"rdp";"#

    /// Prose before an entry in the same `;` chunk: `Password:` (a wrongly cased `password`) is ignored with a
    /// warning because the entry is complete without it; `Owner:` is no key at all and is ignored quietly.
    @Test func proseKeysBeforeACompleteEntryAreIgnored() throws {
        let notes = "Owner: Anna\nPassword: see the vault\n" + fullEntry
        let parsed = NotesParser.parse(notes)
        #expect(parsed.summaries == [.init(username: "admin", password: "plain:x")])
        #expect(parsed.errors.isEmpty)
        #expect(parsed.warnings.map(\.code) == [.misspelledKey])
        let warning = try #require(parsed.warnings.first)
        #expect(warning.message.contains("'Password' is ignored"))
        #expect(warning.line == 2)
        #expect(parsed.ignored.contains { $0.message.contains("'Owner:'") })
        // The entry starts at its first real key, so a rewrite never touches the prose.
        #expect(parsed.entries[0].location.start.line == 3)

        let strict = NotesParser.parse(notes, mode: .strict)
        #expect(strict.entries.isEmpty)
        #expect(strict.errors.map(\.code) == [.misspelledKey])
    }

    /// `Host: web01 (user: root)` then `user:"admin"`: the quoted value wins over the bare one.
    @Test func quotedValueWinsOverABareOne() {
        let notes = "Host: web01 (user: root)\n" + fullEntry
        let parsed = NotesParser.parse(notes)
        #expect(parsed.summaries == [.init(username: "admin", password: "plain:x")])
        #expect(parsed.errors.isEmpty)
        #expect(parsed.ignored.contains { $0.code == .duplicateKey && $0.message.contains("quoted value is used") })

        #expect(NotesParser.parse(notes, mode: .strict).entries.isEmpty)
    }

    /// `Port: 8080 for the app`: a wrongly cased `port` in prose does not change the entry's port.
    @Test func proseAboutAPortIsIgnored() {
        let parsed = NotesParser.parse("Port: 8080 for the app\n" + fullEntry)
        #expect(parsed.summaries == [.init(username: "admin", password: "plain:x")])
        #expect(parsed.entries.first?.port(for: .rdp) == 3389)
        #expect(parsed.warnings.map(\.code) == [.misspelledKey])
    }

    /// `usr:"admin" pass:"x" protos:"rdp";`: the entry is incomplete without the misspelt key, so it is an
    /// error that blocks the entry (the sync then keeps its connections: invalid notes).
    @Test func misspeltKeyOfAnIncompleteEntryBlocksIt() {
        let parsed = NotesParser.parse(#"usr:"admin" pass:"x" protos:"rdp";"#)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.errors.map(\.code) == [.misspelledKey])
        #expect(parsed.errors.first?.message.contains("did you mean 'user'") == true)
    }

    /// Two quoted values for one key: an error (blocked, kept), in both modes.
    @Test func twoQuotedValuesAreAnError() {
        let notes = #"user:"admin" user:"root" pass:"x" protos:"rdp";"#
        for mode in NotesReadingMode.allCases {
            let parsed = NotesParser.parse(notes, mode: mode)
            #expect(parsed.entries.isEmpty, "\(mode)")
            #expect(parsed.errors.map(\.code) == [.duplicateKey], "\(mode)")
        }
    }

    /// `protos:"rdp,telnet"`: the unknown protocol is a warning and rdp is kept; strict blocks the entry.
    @Test func unknownProtocolKeepsTheKnownOnes() {
        let notes = #"user:"admin" pass:"x" protos:"rdp,telnet";"#
        let parsed = NotesParser.parse(notes)
        #expect(parsed.summaries == [.init(username: "admin", password: "plain:x", protocols: [.rdp])])
        #expect(parsed.warnings.map(\.code) == [.unknownProtocol])
        #expect(parsed.warnings.first?.message.contains("'telnet'") == true)

        #expect(NotesParser.parse(notes, mode: .strict).errors.map(\.code) == [.unknownProtocol])
        // Only unknown protocols: nothing to keep, an error.
        #expect(NotesParser.parse(#"user:"a" pass:"x" protos:"telnet";"#).errors.map(\.code) == [.unknownProtocol])
    }

    /// `rdp_settings:"enable-wallpaper=1,enable-theming=yes"`: guacd reads only `true` as true, so yes/no
    /// spellings of boolean parameters are normalised; other parameters keep their value.
    @Test func booleanSettingsAreNormalised() {
        let notes = #"user:"admin" pass:"x" protos:"rdp,vnc" rdp_settings:"enable-wallpaper=1,enable-theming=yes,ignore-cert=on,enable-audio-input=OFF,resize-method=display-update" vnc_settings:"read-only=no,autoretry=1,disable-copy=0";"#
        let parsed = NotesParser.parse(notes)
        #expect(parsed.errors.isEmpty)
        #expect(parsed.summaries.first?.settings == [
            .rdp: "enable-wallpaper=true,enable-theming=true,ignore-cert=true,enable-audio-input=false,resize-method=display-update",
            .vnc: "read-only=false,autoretry=1,disable-copy=false",
        ])
    }

    /// The original's Wake-on-LAN spellings: `wolSettings` / `wol_settings`, items with or without the
    /// `wol-` prefix, and `send-packet=false` to turn Wake-on-LAN off.
    @Test func originalWakeOnLANSpellings() {
        let off = NotesParser.parse(#"user:"admin" pass:"x" protos:"rdp" wolSettings:"send-packet=false";"#)
        #expect(off.errors.isEmpty)
        #expect(off.summaries == [.init(username: "admin", password: "plain:x", wakeOnLANDisabled: true)])

        let tuned = NotesParser.parse(
            #"user:"admin" pass:"x" protos:"rdp" wol_settings:"wol-broadcast-addr=203.0.113.255,wol-udp-port=7,send-packet=true";"#)
        #expect(tuned.errors.isEmpty)
        #expect(tuned.summaries == [.init(username: "admin", password: "plain:x",
                                          wakeOnLAN: WakeOnLANSettings(broadcastAddress: "203.0.113.255", udpPort: 7))])

        let unknown = #"user:"admin" pass:"x" protos:"rdp" wol_settings:"mac-addr=aa:bb:cc:dd:ee:ff";"#
        #expect(NotesParser.parse(unknown).warnings.map(\.code) == [.invalidWakeOnLAN])
        #expect(NotesParser.parse(unknown).entries.count == 1)
        #expect(NotesParser.parse(unknown, mode: .strict).errors.map(\.code) == [.invalidWakeOnLAN])
    }

    /// A misspelt optional key in a complete entry: ignored with a warning (a typo never deletes anything).
    @Test func misspeltOptionalKeyIsAWarning() {
        let parsed = NotesParser.parse(#"user:"admin" pass:"x" protos:"rdp" rdp_prot:"3390";"#)
        #expect(parsed.entries.count == 1)
        #expect(parsed.warnings.map(\.code) == [.misspelledKey])
        #expect(NotesParser.parse(#"user:"admin" pass:"x" protos:"rdp" rdp_prot:"3390";"#, mode: .strict).entries.isEmpty)
    }

    /// Passwords never appear in the messages of the lenient reading either.
    @Test func ignoredPasswordValuesStayHidden() {
        let parsed = NotesParser.parse(#"pass: hunter2 user:"admin" pass:"S3cret!" protos:"rdp";"#)
        #expect(parsed.summaries == [.init(username: "admin", password: "plain:S3cret!")])
        let text = (parsed.diagnostics + parsed.ignored).map(\.message).joined(separator: "\n")
        #expect(!text.contains("hunter2") && !text.contains("S3cret!"))
    }

    /// `protos:"rdp,shh"`: rdp syncs, and the guest's other connections (its ssh one) are kept, not deleted.
    @Test func aMisspeltProtocolDeletesNothing() {
        let guest = GuestFacts(vmid: 100, name: "web01", node: "pve1", kind: .qemu, status: "running", address: "198.51.100.10")
        let result = DesiredConnectionBuilder(settings: DesiredConnectionSettings())
            .build(guest: guest, notes: NotesParser.parse(#"user:"admin" pass:"x" protos:"rdp,shh";"#)) { _ in Secret("unused") }
        #expect(result.desired.map(\.identity.protocolName) == ["rdp"])
        guard case .invalidNotes = result.availability else {
            Issue.record("expected the guest's other connections to be kept, got \(result.availability)")
            return
        }
    }
}
