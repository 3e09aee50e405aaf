import Testing
@testable import ProxGuacCore

/// Inputs the time-bounded fuzzer found (seed 1795441935): an unterminated quote that the inserted
/// ciphertext would close, so the migrated notes would read differently (an entry with a plain password
/// appearing, or an entry lost). They are refused, not rewritten.
@Suite("Encrypting passwords never changes how the notes read")
struct NotesMigrationSafetyTests {
    @Test("unterminated quotes before a password: the migration is refused and the notes stay as they are",
          arguments: [
              "protocols:rdp user: \"u0=x+u0=x+\" pass:\" pass:'8X/<b(*)x@-'\n;",
              "protocols:rdp user: \"u0=x+\" pass:\" pass:'8X/<b(*)'8X/<b(*)x@-'\n;",
              "protocols:rdp user: \"u0=x+\"ser: \"u0=x+ pass:'8X/<b(*)x@-'\n;",
          ])
    func refusesAmbiguousNotes(_ notes: String) throws {
        #expect(throws: NotesEditError.migrationUnsafe) {
            try NotesRewriter.encryptPasswords(in: notes) { "enc:" + String($0.reversed()) }
        }
        #expect(!NotesEditError.migrationUnsafe.description.contains("8X/"), "no password in the message")
    }

    @Test("well-formed notes are still migrated")
    func wellFormedNotesMigrate() throws {
        let notes = "Web server\nuser:\"admin\" pass:\"P@ss;w0rd\" protos:\"rdp,ssh\";\n"
        let migration = try NotesRewriter.encryptPasswords(in: notes) { "enc:" + String($0.reversed()) }
        #expect(migration.encryptedEntries == 1)
        #expect(migration.text == "Web server\nuser:\"admin\" encrypted_password:\"enc:dr0w;ss@P\" protos:\"rdp,ssh\";\n")
    }
}
