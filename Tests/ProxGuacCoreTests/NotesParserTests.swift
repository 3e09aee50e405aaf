import Testing
@testable import ProxGuacCore

/// Every key, alias and precedence rule of the notes syntax, one row each.
struct NotesParserFieldTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let notes: String
        let expected: EntrySummary
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "minimal entry", notes: #"user:"u" pass:"p" protos:"rdp";"#, expected: .init()),
        .init(name: "username beats user", notes: #"user:"a" username:"b" pass:"p" protos:"rdp";"#,
              expected: .init(username: "b")),
        .init(name: "password beats pass", notes: #"pass:"x" user:"u" password:"y" protos:"rdp";"#,
              expected: .init(password: "plain:y")),
        .init(name: "encrypted_password alone", notes: #"user:"u" encrypted_password:"gAAA==" protos:"rdp";"#,
              expected: .init(password: "encrypted:gAAA==")),
        .init(name: "plain password beats encrypted", notes: #"user:"u" encrypted_password:"c" pass:"p" protos:"rdp";"#,
              expected: .init()),
        .init(name: "protocols beats protos beats proto",
              notes: #"user:"u" pass:"p" proto:"ssh" protos:"vnc" protocols:"rdp";"#, expected: .init()),
        .init(name: "protos beats proto", notes: #"user:"u" pass:"p" proto:"ssh" protos:"vnc";"#,
              expected: .init(protocols: [.vnc])),
        .init(name: "proto alone", notes: #"user:"u" pass:"p" proto:"ssh";"#, expected: .init(protocols: [.ssh])),
        .init(name: "protocols are case-insensitive, trimmed and de-duplicated",
              notes: #"user:"u" pass:"p" protos:" RDP, vnc ,Rdp,SSH";"#, expected: .init(protocols: [.rdp, .vnc, .ssh])),
        .init(name: "port applies to every protocol", notes: #"user:"u" pass:"p" protos:"rdp,ssh" port:"2222";"#,
              expected: .init(protocols: [.rdp, .ssh], ports: [.rdp: 2222, .ssh: 2222])),
        .init(name: "protocol ports beat port",
              notes: #"user:"u" pass:"p" protos:"rdp,vnc,ssh" port:"1000" rdp_port:"3390" vnc_port:"5901" ssh_port:"2200";"#,
              expected: .init(protocols: [.rdp, .vnc, .ssh], ports: [.rdp: 3390, .vnc: 5901, .ssh: 2200])),
        .init(name: "connection_name beats confName",
              notes: #"user:"u" pass:"p" protos:"rdp" confName:"{vmname}" connection_name:"{user}-{proto}";"#,
              expected: .init(connectionName: "{user}-{proto}")),
        .init(name: "confName", notes: #"user:"u" pass:"p" protos:"rdp" confName:"{vmname}-{user}-{proto}";"#,
              expected: .init(connectionName: "{vmname}-{user}-{proto}")),
        .init(name: "rdp_settings beats rdpSettings",
              notes: #"user:"u" pass:"p" protos:"rdp" rdpSettings:"dpi=1" rdp_settings:"security=nla, ignore-cert=true";"#,
              expected: .init(settings: [.rdp: "security=nla,ignore-cert=true"])),
        .init(name: "vncSettings alias and encoding becomes encodings",
              notes: #"user:"u" pass:"p" protos:"vnc" vncSettings:"encoding=tight,color-depth=16";"#,
              expected: .init(protocols: [.vnc], settings: [.vnc: "encodings=tight,color-depth=16"])),
        .init(name: "ssh_settings, value keeps later equals signs",
              notes: #"user:"u" pass:"p" protos:"ssh" ssh_settings:"command=env A=1,font-size=12";"#,
              expected: .init(protocols: [.ssh], settings: [.ssh: "command=env A=1,font-size=12"])),
        .init(name: "settings apply only to their protocol",
              notes: #"user:"u" pass:"p" protos:"rdp,vnc" vnc_settings:"read-only=true";"#,
              expected: .init(protocols: [.rdp, .vnc], settings: [.vnc: "read-only=true"])),
        .init(name: "wol_settings beats wolSettings",
              notes: #"user:"u" pass:"p" protos:"rdp" wolSettings:"udp-port=7" wol_settings:"broadcast-addr=255.255.255.255,udp-port=9,wait-time=30";"#,
              expected: .init(wakeOnLAN: .init(broadcastAddress: "255.255.255.255", udpPort: 9, waitTimeSeconds: 30))),
        .init(name: "wol_disabled true", notes: #"user:"u" pass:"p" protos:"rdp" wol_disabled:"true";"#,
              expected: .init(wakeOnLANDisabled: true)),
        .init(name: "wolDisabled 1", notes: #"user:"u" pass:"p" protos:"rdp" wolDisabled:"1";"#,
              expected: .init(wakeOnLANDisabled: true)),
        .init(name: "wol_disabled YES beats wolDisabled no",
              notes: #"user:"u" pass:"p" protos:"rdp" wolDisabled:"no" wol_disabled:"YES";"#,
              expected: .init(wakeOnLANDisabled: true)),
        .init(name: "wol_disabled false", notes: #"user:"u" pass:"p" protos:"rdp" wol_disabled:"false";"#,
              expected: .init()),
        .init(name: "host, domain, group",
              notes: #"user:"u" pass:"p" protos:"rdp" host:"web01.lab.example" domain:"CORP" group:"Lab/Windows";"#,
              expected: .init(host: "web01.lab.example", domain: "CORP", group: "Lab/Windows")),
        .init(name: "single quotes and bare values", notes: "user:'u' pass:p protos:rdp;", expected: .init()),
        .init(name: "a space after the colon", notes: "user: \"u\" pass:  'p' protos:\trdp;", expected: .init()),
        .init(name: "quoted values keep ; and the other quote",
              notes: #"user:"u" pass:"a;b'c" protos:"rdp";"#, expected: .init(password: "plain:a;b'c")),
        .init(name: "single-quoted value keeps double quotes", notes: #"user:"u" pass:'say "hi";' protos:"rdp";"#,
              expected: .init(password: #"plain:say "hi";"#)),
        .init(name: "escapes inside double quotes", notes: #"user:"u" pass:"q\"b\\s\n" protos:"rdp";"#,
              expected: .init(password: #"plain:q"b\s\n"#)),
        .init(name: "entry spanning lines", notes: "user:\"u\"\n  pass:\"p\"\n  protos:\"rdp\"\n;", expected: .init()),
        .init(name: "values are trimmed", notes: #"user:" u " pass:" p " protos:" rdp ";"#, expected: .init()),
        .init(name: "unknown keys are ignored", notes: #"user:"u" pass:"p" protos:"rdp" comment:"hello";"#,
              expected: .init()),
        .init(name: "keys inside backticks", notes: "`user:\"u\" pass:\"p\" protos:\"rdp\";`", expected: .init()),
        .init(name: "pairs without white space between quoted values", notes: #"user:"u"pass:"p"protos:"rdp";"#,
              expected: .init()),
        .init(name: "unicode user and password", notes: #"user:"jürgen" pass:"пароль✓" protos:"ssh";"#,
              expected: .init(username: "jürgen", password: "plain:пароль✓", protocols: [.ssh])),
    ]

    @Test(arguments: cases)
    func parsesField(_ testCase: Case) {
        let parsed = NotesParser.parse(testCase.notes)
        #expect(parsed.errors.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.summaries == [testCase.expected])
    }

    @Test func defaultPortsComeFromTheProtocol() throws {
        let entry = try #require(NotesParser.parse(#"user:"u" pass:"p" protos:"rdp,vnc,ssh" vnc_port:"5901";"#).entries.first)
        #expect(entry.port(for: .rdp) == 3389)
        #expect(entry.port(for: .vnc) == 5901)
        #expect(entry.port(for: .ssh) == 22)
    }

    @Test func severalEntriesShareALineAndFreeTextStaysOut() {
        let notes = """
        # Lab desktop
        Ask **Anna** before rebooting. See https://wiki.example.org/x:y for details.
        user:"admin" pass:"a1" protos:"rdp"; user:"view" pass:"v1" protos:"vnc";
        Last change: 2024-05-01
        """
        let parsed = NotesParser.parse(notes)
        #expect(parsed.summaries.map(\.username) == ["admin", "view"])
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
    }

    @Test func entryLocationSpansFromFirstKeyToSemicolon() throws {
        let notes = "intro text\n  user:\"u\" pass:\"p\"\nprotos:\"rdp\"; tail"
        let entry = try #require(NotesParser.parse(notes).entries.first)
        #expect(entry.location.start == SourcePosition(line: 2, column: 3, offset: 13))
        #expect(entry.location.end.line == 3)
        let bytes = Array(notes.utf8)[entry.location.offsets]
        #expect(String(decoding: bytes, as: UTF8.self) == "user:\"u\" pass:\"p\"\nprotos:\"rdp\";")
    }

    @Test func defaultConnectionNameIsNotesWide() throws {
        let notes = """
        default_conf_name:"{vmname}/{proto}";
        user:"a" pass:"p" protos:"rdp";
        user:"b" pass:"p" protos:"rdp" confName:"{user}";
        """
        let parsed = NotesParser.parse(notes)
        #expect(parsed.defaultConnectionName?.text == "{vmname}/{proto}")
        #expect(parsed.entries.map { parsed.nameTemplate(for: $0).text } == ["{vmname}/{proto}", "{user}"])
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func withoutAnyNameTheStandardTemplateApplies() throws {
        let parsed = NotesParser.parse(#"user:"a" pass:"p" protos:"rdp";"#)
        let entry = try #require(parsed.entries.first)
        #expect(parsed.nameTemplate(for: entry).text == "{user}@{vmname}-{proto}")
    }

    @Test func emptyAndFreeTextNotesHaveNoEntriesAndNoDiagnostics() {
        for notes in ["", "just a description", "Owner: ops team; Purpose: CI runner;", "a;b;;c", "time 10:30; ok"] {
            let parsed = NotesParser.parse(notes)
            #expect(parsed.entries.isEmpty)
            #expect(parsed.diagnostics.isEmpty, "\(notes): \(parsed.diagnostics)")
        }
    }
}

/// Every diagnostic: its code, severity, line and column; the bad entry is skipped, the others stay.
struct NotesParserDiagnosticTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let notes: String
        let code: NotesDiagnostic.Code
        let severity: NotesDiagnostic.Severity
        let line: Int
        let column: Int
        /// Users of entries still produced.
        let entries: [String]
        var testDescription: String { name }
    }

    static let good = #"user:"ok" pass:"fine" protos:"ssh";"#

    static let cases: [Case] = [
        .init(name: "non-numeric port", notes: good + "\nuser:\"u\" pass:\"s3cret\" protos:\"rdp\" rdp_port:\"abc\";",
              code: .invalidPort, severity: .error, line: 2, column: 46, entries: ["ok"]),
        .init(name: "port out of range", notes: #"user:"u" pass:"s3cret" protos:"rdp" port:"65536";"# + good,
              code: .invalidPort, severity: .error, line: 1, column: 42, entries: ["ok"]),
        .init(name: "port zero", notes: #"user:"u" pass:"s3cret" protos:"rdp" port:"0";"#,
              code: .invalidPort, severity: .error, line: 1, column: 42, entries: []),
        .init(name: "signed port", notes: #"user:"u" pass:"s3cret" protos:"rdp" port:"+22";"#,
              code: .invalidPort, severity: .error, line: 1, column: 42, entries: []),
        .init(name: "unknown protocol", notes: good + "\n" + #"user:"u" pass:"s3cret" protos:"rdp,telnet";"#,
              code: .unknownProtocol, severity: .error, line: 2, column: 31, entries: ["ok"]),
        .init(name: "misspelled key in an entry", notes: #"usr:"u" pass:"s3cret" protos:"rdp";"# + "\n" + good,
              code: .misspelledKey, severity: .error, line: 1, column: 1, entries: ["ok"]),
        .init(name: "wrong case of a key", notes: #"User:"u" pass:"s3cret" protos:"rdp";"#,
              code: .misspelledKey, severity: .error, line: 1, column: 1, entries: []),
        .init(name: "swapped letters", notes: #"user:"u" pass:"s3cret" protcols:"rdp";"#,
              code: .misspelledKey, severity: .error, line: 1, column: 24, entries: []),
        .init(name: "misspelled key outside any entry warns",
              notes: #"usr:"u" pas:"s3cret" prots:"rdp";"#, code: .misspelledKey, severity: .warning, line: 1, column: 1,
              entries: []),
        .init(name: "missing user", notes: #"  pass:"s3cret" protos:"rdp";"#,
              code: .missingUsername, severity: .error, line: 1, column: 3, entries: []),
        .init(name: "empty user", notes: #"user:"" pass:"s3cret" protos:"rdp";"#,
              code: .missingUsername, severity: .error, line: 1, column: 1, entries: []),
        .init(name: "missing password", notes: "x\n" + #"user:"u" protos:"rdp";"#,
              code: .missingPassword, severity: .error, line: 2, column: 1, entries: []),
        .init(name: "missing protocol", notes: #"user:"u" pass:"s3cret";"#,
              code: .missingProtocol, severity: .error, line: 1, column: 1, entries: []),
        .init(name: "protocol list of commas", notes: #"user:"u" pass:"s3cret" protos:",,";"#,
              code: .missingProtocol, severity: .error, line: 1, column: 31, entries: []),
        .init(name: "duplicate user and protocol",
              notes: good + "\n" + #"user:"ok" pass:"s3cret" protos:"rdp,ssh";"#,
              code: .duplicateConnection, severity: .error, line: 2, column: 1, entries: ["ok"]),
        .init(name: "same key twice", notes: #"user:"u" user:"v" pass:"s3cret" protos:"rdp";"#,
              code: .duplicateKey, severity: .error, line: 1, column: 10, entries: []),
        .init(name: "unclosed double quote", notes: #"user:"u" protos:"rdp" pass:"s3cret;"# + "\n" + good,
              code: .unterminatedQuote, severity: .error, line: 1, column: 28, entries: ["ok"]),
        .init(name: "unclosed single quote", notes: #"user:"u" protos:"rdp" pass:'s3cret;"#,
              code: .unterminatedQuote, severity: .error, line: 1, column: 28, entries: []),
        .init(name: "backslash before the closing quote", notes: #"user:"u\" pass:'s3cret' protos:"rdp";"#,
              code: .unterminatedQuote, severity: .error, line: 1, column: 6, entries: []),
        .init(name: "missing semicolon at the end", notes: good + "\n" + #"user:"u" pass:"s3cret" protos:"rdp""#,
              code: .unterminatedEntry, severity: .error, line: 2, column: 1, entries: ["ok"]),
        .init(name: "setting without equals", notes: #"user:"u" pass:"s3cret" protos:"vnc" vnc_settings:"read-only";"#,
              code: .invalidSetting, severity: .error, line: 1, column: 50, entries: []),
        .init(name: "setting that belongs to the entry", notes: #"user:"u" pass:"s3cret" protos:"rdp" rdp_settings:"port=1";"#,
              code: .invalidSetting, severity: .error, line: 1, column: 50, entries: []),
        .init(name: "unknown Wake-on-LAN setting", notes: #"user:"u" pass:"s3cret" protos:"rdp" wol_settings:"mac=1";"#,
              code: .invalidWakeOnLAN, severity: .error, line: 1, column: 50, entries: []),
        .init(name: "bad broadcast address", notes: #"user:"u" pass:"s3cret" protos:"rdp" wol_settings:"broadcast-addr=1.2.3";"#,
              code: .invalidWakeOnLAN, severity: .error, line: 1, column: 50, entries: []),
        .init(name: "bad wol_disabled", notes: #"user:"u" pass:"s3cret" protos:"rdp" wol_disabled:"maybe";"#,
              code: .invalidFlag, severity: .error, line: 1, column: 50, entries: []),
        .init(name: "unknown template variable", notes: #"user:"u" pass:"s3cret" protos:"rdp" confName:"{vmnmae}";"#,
              code: .invalidTemplate, severity: .error, line: 1, column: 46, entries: []),
        .init(name: "password in the template", notes: #"user:"u" pass:"s3cret" protos:"rdp" confName:"{user}:{password}";"#,
              code: .invalidTemplate, severity: .error, line: 1, column: 46, entries: []),
        .init(name: "invalid default_conf_name skips entries relying on it",
              notes: "default_conf_name:\"{nope}\";\n" + good,
              code: .invalidTemplate, severity: .error, line: 1, column: 19, entries: []),
        .init(name: "host with a space", notes: #"user:"u" pass:"s3cret" protos:"rdp" host:"a b";"#,
              code: .invalidHost, severity: .error, line: 1, column: 42, entries: []),
        .init(name: "port for a protocol the entry lacks", notes: #"user:"u" pass:"s3cret" protos:"rdp" vnc_port:"5901";"#,
              code: .unusedKey, severity: .warning, line: 1, column: 37, entries: ["u"]),
        .init(name: "domain without rdp", notes: #"user:"u" pass:"s3cret" protos:"ssh" domain:"CORP";"#,
              code: .unusedKey, severity: .warning, line: 1, column: 37, entries: ["u"]),
        .init(name: "two aliases", notes: #"user:"u" username:"v" pass:"s3cret" protos:"rdp";"#,
              code: .conflictingAliases, severity: .warning, line: 1, column: 10, entries: ["v"]),
        .init(name: "plain and encrypted password", notes: #"user:"u" pass:"s3cret" encrypted_password:"zz" protos:"rdp";"#,
              code: .conflictingAliases, severity: .warning, line: 1, column: 24, entries: ["u"]),
        .init(name: "second default_conf_name", notes: "default_conf_name:\"{user}\"; default_conf_name:\"{vmname}\";\n" + good,
              code: .duplicateDefaultName, severity: .warning, line: 1, column: 29, entries: ["ok"]),
    ]

    @Test(arguments: cases)
    func reports(_ testCase: Case) throws {
        // The strict reading (`notes check --strict`); the lenient one is pinned by NotesLenientReadingTests.
        let parsed = NotesParser.parse(testCase.notes, mode: .strict)
        let diagnostic = try #require(parsed.diagnostics.first { $0.code == testCase.code }, "\(parsed.diagnostics)")
        #expect(diagnostic.severity == testCase.severity)
        #expect(diagnostic.line == testCase.line)
        #expect(diagnostic.column == testCase.column)
        #expect(parsed.entries.map(\.username) == testCase.entries)
        for message in parsed.diagnostics.map(\.message) {
            #expect(!message.contains("s3cret"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func everyProblemOfOneEntryIsReported() {
        let parsed = NotesParser.parse(#"pass:"s3cret" protos:"rdp,ftp" port:"x";"#)
        #expect(Set(parsed.codes) == [.missingUsername, .unknownProtocol, .invalidPort])
        #expect(parsed.entries.isEmpty)
    }

    @Test func aMisspelledOrSwallowedKeyIsNotAlsoReportedMissing() {
        #expect(NotesParser.parse(#"usr:"u" pass:"p" protos:"rdp";"#).codes == [.misspelledKey])
        #expect(NotesParser.parse(#"user:"u" pass:"C:\" protos:"rdp";"#).codes == [.unterminatedQuote])
        #expect(NotesParser.parse(#"user:"u" pass:"p" prots:"rdp";"#).codes == [.misspelledKey])
    }

    @Test func passwordsNeverAppearInMessages() {
        // The password is also written where values get echoed: as a protocol, a setting name, a variable.
        let notes = """
        user:"u" pass:"hunter2" protos:"rdp,hunter2" rdp_settings:"hunter2" confName:"{hunter2}";
        usr:"x" pas:"zebra9" protos:"zebra9";
        user:"y" protos:"rdp" pass:"Prots:q7;
        """
        let parsed = NotesParser.parse(notes)
        #expect(parsed.diagnostics.count >= 4)
        for diagnostic in parsed.diagnostics {
            #expect(!diagnostic.message.contains("hunter2"), "\(diagnostic)")
            #expect(!diagnostic.message.contains("zebra9"), "\(diagnostic)")
            #expect(!diagnostic.message.contains("Prots"), "\(diagnostic)")
        }
    }

    @Test func diagnosticsFormatWithTheirSource() throws {
        let diagnostic = try #require(NotesParser.parse(#"user:"u" pass:"p" protos:"rdp" port:"x";"#).errors.first)
        #expect(diagnostic.formatted(source: "vm 101 (web)") ==
            "vm 101 (web):1:37: error: 'port' must be a whole number from 1 to 65535")
    }
}
