import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacCore

/// `proxguac notes check`, driven in-process through the real argument parser, and once through the
/// built binary for stdin, stdout, stderr and exit codes.
struct NotesCheckCommandTests {
    static let goodNotes = """
    Windows build agent. Ask Anna before rebooting.
    user:"admin" pass:"Sup3rS3cret!" protos:"rdp,vnc" rdp_port:"3390" confName:"{vmname}-{user}-{proto}";
    user:"readonly" pass:"view-only-99" protos:"vnc" vnc_settings:"read-only=true,color-depth=16";
    user:"ops" encrypted_password:"djE6a2V5OmNpcGhlcg==" protos:"ssh" ssh_settings:"passphrase=Kp4ss,font-size=12";
    """
    static let badNotes = goodNotes + "\nuser:\"bob\" pass:\"B0bsPassw0rd\" protos:\"rdp,telnet\" port:\"99999\";\n"
    static let passwords = ["Sup3rS3cret!", "view-only-99", "djE6a2V5OmNpcGhlcg==", "Kp4ss", "B0bsPassw0rd"]

    private func withNotesFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString).txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    private func check(_ arguments: [String]) throws -> (output: String, exitCode: Int32) {
        let parsed = try ProxGuacMain.parseAsRoot(["notes", "check"] + arguments + ["--color", "never"])
        let command = try #require(parsed as? NotesCheckCommand)
        return try command.outcome()
    }

    @Test func listsEntriesWithMaskedPasswordsAndExitsZero() throws {
        let (output, exitCode) = try withNotesFile(Self.goodNotes) { try check([$0]) }
        #expect(exitCode == 0)
        #expect(output.contains(": 3 entries, 0 errors, 0 warnings"))
        #expect(output.contains("line 2: admin  password ******** (plain)  rdp:3390 vnc:5900  name {vmname}-{user}-{proto}"))
        #expect(output.contains("line 3: readonly  password ******** (plain)  vnc:5900  name {user}@{vmname}-{proto}"))
        #expect(output.contains("vnc settings: read-only=true, color-depth=16"))
        #expect(output.contains("line 4: ops  password ******** (encrypted)  ssh:22"))
        #expect(output.contains("ssh settings: passphrase=********, font-size=12"))
        for password in Self.passwords { #expect(!output.contains(password)) }
    }

    @Test func reportsErrorsWithPositionAndExitsOne() throws {
        let (output, exitCode) = try withNotesFile(Self.badNotes) { path in
            let result = try check([path, "--strict"])
            #expect(result.output.contains("\(path):5:39: error: unknown protocol 'telnet' in 'protos': use rdp, vnc or ssh"))
            #expect(result.output.contains("\(path):5:57: error: 'port' must be a whole number from 1 to 65535"))
            return result
        }
        #expect(exitCode == 1)
        #expect(output.contains(": 3 entries, 2 errors, 0 warnings"))
        for password in Self.passwords { #expect(!output.contains(password)) }
    }

    @Test func warningsAloneExitZero() throws {
        let (output, exitCode) = try withNotesFile(#"user:"u" pass:"p%41q" protos:"ssh" vnc_port:"5901";"#) { try check([$0]) }
        #expect(exitCode == 0)
        #expect(output.contains("1 entry, 0 errors, 2 warnings"))
        #expect(output.contains(":1:17: warning: the '%' and two hex digits at line 1, column 17 would come back decoded"))
    }

    @Test func printsJSON() throws {
        let (output, exitCode) = try withNotesFile(Self.badNotes) { try check([$0, "--json", "--strict"]) }
        #expect(exitCode == 1)
        for password in Self.passwords { #expect(!output.contains(password)) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(document["schemaVersion"] as? Int == 1)
        #expect(document["errors"] as? Int == 2)
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(entries.map { $0["username"] as? String } == ["admin", "readonly", "ops"])
        #expect((entries[0]["password"] as? [String: String]) == ["kind": "plain", "value": "********"])
        let connections = try #require(entries[0]["connections"] as? [[String: Any]])
        #expect(connections.map { $0["port"] as? Int } == [3390, 5900])
        #expect(entries[0]["nameTemplate"] as? String == "{vmname}-{user}-{proto}")
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["unknownProtocol", "invalidPort"])
        #expect(diagnostics.first?["line"] as? Int == 5)
    }

    @Test func unreadableFileIsAUsageError() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).txt").path
        #expect(throws: CommandFailure.usage("cannot read '\(missing)': give a readable notes file, or - for stdin")) {
            try check([missing])
        }
    }

    @Test func nonUTF8FileIsAUsageError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("latin1-\(UUID().uuidString).txt").path
        try Data([0x75, 0x73, 0x65, 0x72, 0x3A, 0xE9, 0xFF]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: CommandFailure.usage("'\(path)' is not UTF-8 text: save the notes as UTF-8")) { try check([path]) }
    }

    // MARK: The built binary

    /// The `proxguac` executable that `swift build` puts next to the test bundle.
    private func proxguacBinary() throws -> URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = bundleDirectory.appendingPathComponent("proxguac")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build proxguac first: swift build --build-tests")
        return binary
    }

    private func runBinary(_ arguments: [String], stdin: String) throws -> (stdout: String, stderr: String, status: Int32) {
        let process = Process()
        process.executableURL = try proxguacBinary()
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self), process.terminationStatus)
    }

    /// Notes written by people (issue #15): the lenient reading keeps the entries, warns, and `--verbose`
    /// lists what it skipped; `--strict` reports the same notes as errors.
    @Test func binaryReadsNotesWrittenByPeople() throws {
        let notes = "Owner: Anna\nPassword: see the vault\nHost: web01 (user: root)\n"
            + #"user:"admin" pass:"Vault-Pa55" protos:"rdp,telnet" rdp_settings:"enable-wallpaper=1";"# + "\n"
        let lenient = try runBinary(["notes", "check", "--verbose", "-"], stdin: notes)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("<stdin>: 1 entry, 0 errors, 3 warnings"))
        #expect(lenient.stdout.contains("admin  password ******** (plain)  rdp:3389"))
        #expect(lenient.stdout.contains("rdp settings: enable-wallpaper=true"))
        #expect(lenient.stdout.contains("<stdin>:2:1: warning: unknown key 'Password' is ignored"))
        #expect(lenient.stdout.contains("<stdin>:1:1: ignored: 'Owner:' is not a notes key"))
        #expect(lenient.stdout.contains("ignored: 'user' is given twice: the quoted value is used"))
        #expect(!lenient.stdout.contains("Vault-Pa55"))

        let plain = try runBinary(["notes", "check", "-"], stdin: notes)
        #expect(!plain.stdout.contains("ignored:"))

        let strict = try runBinary(["notes", "check", "--strict", "-"], stdin: notes)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("<stdin>: 0 entries"))
    }

    @Test func binaryReadsStdinAndExitsOneOnErrors() throws {
        let result = try runBinary(["notes", "check", "--strict", "-"], stdin: Self.badNotes)
        #expect(result.status == 1)
        #expect(result.stdout.contains("<stdin>: 3 entries, 2 errors, 0 warnings"))
        #expect(result.stdout.contains("<stdin>:5:39: error: unknown protocol 'telnet'"))
        #expect(result.stderr.isEmpty)
        for password in Self.passwords {
            #expect(!result.stdout.contains(password))
            #expect(!result.stderr.contains(password))
        }
    }

    @Test func binaryExitsZeroOnCleanNotesAndTwoOnAMissingFile() throws {
        let clean = try runBinary(["notes", "check"], stdin: Self.goodNotes)
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("<stdin>: 3 entries, 0 errors, 0 warnings\n"))

        let missing = try runBinary(["notes", "check", "/nonexistent/notes.txt"], stdin: "")
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr == "proxguac: error: cannot read '/nonexistent/notes.txt': give a readable notes file, or - for stdin\n")
    }
}
