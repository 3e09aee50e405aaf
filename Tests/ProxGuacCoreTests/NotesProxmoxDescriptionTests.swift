import Testing
@testable import ProxGuacCore

struct NotesProxmoxDescriptionTests {
    @Test func acceptsTypicalNotes() throws {
        try ProxmoxDescription.validate("user:\"a\" pass:\"x;y=z+1&\" protos:\"rdp\";\nFree text é ✓")
    }

    @Test func refusesMoreThan8192Characters() throws {
        try ProxmoxDescription.validate(String(repeating: "a", count: 8192))
        #expect(throws: ProxmoxDescriptionError.tooLong(characters: 8193)) {
            try ProxmoxDescription.validate(String(repeating: "a", count: 8193))
        }
    }

    @Test func countsCharactersNotBytes() throws {
        try ProxmoxDescription.validate(String(repeating: "é", count: 8000), for: .current)
    }

    @Test func refusesBodiesOldServersCannotTake() throws {
        let wide = String(repeating: "😀", count: 5500)   // 4 bytes each, 12 once percent-encoded
        #expect(throws: ProxmoxDescriptionError.requestTooLarge(bytes: 66_000 + 64, limit: 65536)) {
            try ProxmoxDescription.validate(wide)
        }
        try ProxmoxDescription.validate(wide, for: .current)
    }

    @Test func warnsAboutPercentEscapesOnOldServers() throws {
        let notes = "line one\nuser:\"u\" pass:\"a%41b\" protos:\"rdp\";"
        #expect(throws: ProxmoxDescriptionError.percentEscape(at: SourcePosition(line: 2, column: 17, offset: 25))) {
            try ProxmoxDescription.validate(notes)
        }
        try ProxmoxDescription.validate(notes, for: .current)
        try ProxmoxDescription.validate("100% sure, %zz and a lone %")
        let message = ProxmoxDescriptionError.percentEscape(at: SourcePosition(line: 2, column: 17, offset: 25)).description
        #expect(!message.contains("%41"))
    }

    @Test func predictsTheRoundTrip() {
        #expect(ProxmoxDescription.expectedReadBack(of: "notes\n\n", kind: .qemu) == "notes")
        #expect(ProxmoxDescription.expectedReadBack(of: "a  \n\nb \t\n", kind: .qemu) == "a  \n\nb")
        #expect(ProxmoxDescription.expectedReadBack(of: "notes", kind: .lxc) == "notes\n")
        #expect(ProxmoxDescription.expectedReadBack(of: "a\n\nb\n\n", kind: .lxc) == "a\n\nb\n")
        #expect(ProxmoxDescription.expectedReadBack(of: "\n\n", kind: .lxc) == "")
        #expect(ProxmoxDescription.expectedReadBack(of: "a%41 %zz %C3%A9", kind: .qemu, server: .conservative) == "aA %zz é")
        #expect(ProxmoxDescription.expectedReadBack(of: "a%41", kind: .qemu, server: .current) == "a%41")
    }
}
