import Testing
import ProxGuacCore

@Suite("NotesRewriter.reencryptPasswords")
struct NotesReencryptTests {
    @Test("replaces only encrypted_password values, keeps every other byte, counts what changed")
    func replacesOnlyEncryptedValues() throws {
        let notes = "# Desk\nuser:\"a\" encrypted_password:\"v1:old:AAA\" protos:\"rdp\";\nuser:\"b\" pass:\"plain\" protos:\"ssh\";\nuser:\"c\" encrypted_password:\"v1:new:BBB\" protos:\"ssh\";\n"
        let migration = try NotesRewriter.reencryptPasswords(in: notes) { $0.hasPrefix("v1:old:") ? "v1:new:" + $0.dropFirst(7) : $0 }
        #expect(migration.encryptedEntries == 1)
        #expect(migration.text == notes.replacing("v1:old:AAA", with: "v1:new:AAA"))
    }

    @Test("notes without encrypted values come back unchanged; transform errors are passed on")
    func unchangedAndErrors() throws {
        struct Broken: Error {}
        let plain = "user:\"b\" pass:\"plain\" protos:\"ssh\";"
        #expect(try NotesRewriter.reencryptPasswords(in: plain) { _ in throw Broken() }.text == plain)
        #expect(throws: Broken.self) {
            try NotesRewriter.reencryptPasswords(in: "user:\"a\" encrypted_password:\"v1:x:y\";") { _ in throw Broken() }
        }
    }
}
