import ArgumentParser
import Foundation
@testable import ProxGuacCommands
import ProxGuacCore
import Testing

/// Keeps the README, the docs/ pages, the help texts (and so the man page) honest: every command line
/// they show parses with the real argument parser (read-only ones also run against the lab), and
/// every config key path they or the binary's messages name exists in the config schema.
@Suite("Docs honesty: command lines parse and run, config keys exist")
struct DocsHonestyTests {
    /// Every command line of the README, docs/*.md and every command's help text.
    static func allCommandLines() throws -> [DocCommandLine] {
        var lines: [DocCommandLine] = []
        for page in try DocCommandLines.markdownPages() {
            lines += DocCommandLines.fromMarkdown(page.text, file: page.path)
        }
        lines += DocCommandLines.fromHelp(ProxGuacMain.helpMessage(columns: 10_000), command: "proxguac")
        for (path, command) in zip(CLICommandLineTests.commandPaths(), CLICommandLineTests.allSubcommands()) {
            lines += DocCommandLines.fromHelp(ProxGuacMain.helpMessage(for: command, columns: 10_000),
                                              command: (["proxguac"] + path).joined(separator: " "))
        }
        return lines
    }

    /// nil when the argument parser (after ``CommandLinePreparation``) accepts `arguments`, else its message.
    static func parseProblem(_ arguments: [String]) -> String? {
        do {
            _ = try ProxGuacMain.parseAsRoot(try CommandLinePreparation.prepare(arguments))
            return nil
        } catch let unknown as UnknownCommand {
            return unknown.description
        } catch {
            return ProxGuacMain.exitCode(for: error) == .success ? nil : ProxGuacMain.message(for: error)
        }
    }

    @Test("the extraction finds the command lines of sh blocks, run columns and help texts, and bad ones fail to parse")
    func extractionAndParserCanFail() throws {
        let page = """
            ```sh
            sudo -u proxguac proxguac config check --config /etc/proxguac/config.json   # as the service user
            swift run proxguac lsit && proxguac list --bogus
            make install
            ```
            | you want to | run |
            |---|---|
            | see it | `proxguac demo` (then) `proxguac test-network <MAC>` |
            | synopsis | `proxguac add --vmid N,... [--yes]` |
            """
        let lines = DocCommandLines.fromMarkdown(page, file: "page.md")
        #expect(lines.map(\.place) == ["page.md:2", "page.md:3", "page.md:3", "page.md:8", "page.md:8"])
        #expect(lines.map(\.arguments) == [["config", "check", "--config", "/etc/proxguac/config.json"], ["lsit"], ["list", "--bogus"],
                                           ["demo"], ["test-network", "bc:24:11:00:00:01"]])
        #expect(lines.map { Self.parseProblem($0.arguments) == nil } == [true, false, false, true, true])
        #expect(Self.parseProblem(["lsit"]) == "unknown command 'lsit': did you mean 'list'?")
        #expect(Self.parseProblem(["list", "--bogus"])?.contains("Unknown option '--bogus'") == true)
        let refused = DocCommandLines.fromMarkdown("```text\n$ proxguac lsit\nError: unknown command 'lsit'\n$ proxguac list\n```", file: "p.md")
        #expect(refused.map(\.showsParseError) == [true, false])
        #expect(DocCommandLines.fromHelp("Run `proxguac keygen --output FILE` or `proxguac auto [--dry-run]`.", command: "proxguac")
            .map(\.arguments) == [["keygen", "--output", "file.json"]])
    }

    @Test("every command line in the README, docs/ and the help texts parses")
    func everyDocumentedCommandLineParses() throws {
        let lines = try Self.allCommandLines()
        #expect(lines.count >= 20, "only \(lines.count) command lines found: is the extraction broken?")
        for line in lines {
            let problem = Self.parseProblem(line.arguments)
            if let problem, !line.showsParseError {
                Issue.record("\(line) does not parse: \(problem.replacingOccurrences(of: "\n", with: " "))")
            } else if problem == nil, line.showsParseError {
                Issue.record("\(line) is shown with an `Error:` line but parses without error")
            }
        }
    }

    /// Commands that read (or change only the throwaway lab) and need no terminal, key file or address.
    static let runnableOnTheLab: [[String]] = [["auto"], ["list"], ["config", "check"], ["test-auth"], ["adopt"], ["encrypt-notes"]]

    @Test("the documented read-only and sync command lines run against the lab and exit 0")
    func documentedCommandLinesRunOnTheLab() throws {
        let lines = try Self.allCommandLines().filter { line in
            !line.hasPlaceholders && !line.showsParseError && Self.runnableOnTheLab.contains { line.arguments.starts(with: $0) }
        }
        #expect(lines.count >= 5, "only \(lines.count) runnable command lines found")
        try CLILab.with { setup in
            _ = try setup.useNewKey()   // encrypt-notes needs a key
            for line in lines {
                var arguments = line.arguments
                if let index = arguments.firstIndex(of: "--config"), index + 1 < arguments.count {
                    arguments[index + 1] = setup.config
                } else {
                    arguments += ["--config", setup.config]
                }
                let result = try ProxGuacBinary.run(arguments, in: setup.directory.path)
                if result.status != 0 {
                    Issue.record("\(line) exits \(result.status) against the lab: \(result.stderr.split(separator: "\n").prefix(3).joined(separator: " / "))")
                }
            }
        }
    }

    // MARK: config key paths

    /// `sync.include`, `proxmox.tls.caFile`, …: a section name and at least one key, not inside a longer word.
    static let keyPathPattern = #"(?<![A-Za-z0-9_.$-])(sync|proxmox|guacamole|network|encryption)(\.[a-z][A-Za-z0-9]*)++(?![A-Za-z0-9_-])"#

    static func keyPaths(in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: keyPathPattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }.filter { match in !notKeyPaths.contains(match) && !notKeyEndings.contains(String(match.split(separator: ".").last ?? "")) }
    }

    /// Words that match the pattern but name no config key.
    static let notKeyPaths: Set<String> = [
        "guacamole.properties",   // Guacamole's own config file
    ]

    /// Last parts that make a match a file name (`encryption.key`, `docs/network.md`), a host name
    /// (`guacamole.example.org`) or a Swift accessor in the binary's debug names (`sync.get`).
    static let notKeyEndings: Set<String> = [
        "md", "key", "json", "jsonl", "pem", "txt", "log", "service", "timer", "conf", "sh", "swift",
        "org", "com", "net", "local", "lan", "example", "test", "internal",
        "get", "set", "modify", "read", "init", "deinit",
    ]

    static let baseConfig = """
        {"proxmox": {"url": "https://pve.example.org", "tokenId": "a@pve!tok", "tokenSecret": "s1"},
         "guacamole": {"url": "https://guac.example.org/guacamole", "username": "proxguac", "password": "s2"},
         "sync": {"stateFile": "/var/lib/proxguac/state.json"}}
        """

    static func parse(_ object: [String: Any]) -> ConfigError? {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        let context = ConfigParseContext(fileName: "config.json", directory: "/", environment: [:], files: LoaderMemoryFiles(files: [:]))
        do {
            _ = try ConfigParser.parse(String(decoding: data, as: UTF8.self), context: context)
            return nil
        } catch {
            return error
        }
    }

    /// nil when `keyPath` is a key of the config schema: the base config has it, or the real parser
    /// accepts the base config with that key set to null (null counts as absent; an unknown key is refused).
    static func schemaProblem(_ keyPath: String) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(baseConfig.utf8))) as? [String: Any] else { return "bad base config" }
        let keys = keyPath.split(separator: ".").map(String.init)
        if Self.value(at: keys, in: object) != nil { return nil }
        Self.set(NSNull(), at: keys[...], in: &object)
        return parse(object).map { "config check says: \($0.description)" }
    }

    static func value(at keys: [String], in object: [String: Any]) -> Any? {
        guard let first = keys.first, let value = object[first] else { return nil }
        if keys.count == 1 { return value }
        return (value as? [String: Any]).flatMap { self.value(at: Array(keys.dropFirst()), in: $0) }
    }

    static func set(_ value: Any, at keys: ArraySlice<String>, in object: inout [String: Any]) {
        guard let first = keys.first else { return }
        if keys.count == 1 { object[first] = value; return }
        var inner = object[first] as? [String: Any] ?? [:]
        set(value, at: keys.dropFirst(), in: &inner)
        object[first] = inner
    }

    @Test("the schema check tells keys from non-keys")
    func schemaCheckCanFail() {
        #expect(Self.parse((try? JSONSerialization.jsonObject(with: Data(Self.baseConfig.utf8))) as? [String: Any] ?? [:]) == nil)
        for key in ["proxmox.url", "sync.include", "sync.include.tags", "sync.exclude", "proxmox.tls.caFile", "encryption.keyFile", "sync.rootGroup"] {
            #expect(Self.schemaProblem(key) == nil, "\(key)")
        }
        for key in ["sync.filter", "proxmox.tls.caFil", "sync.rootGroup.name", "network.bogus"] {
            #expect(Self.schemaProblem(key) != nil, "\(key)")
        }
        #expect(Self.keyPaths(in: "selected by sync.include/sync.exclude; see guac.example.org, sync.filter. and guacamole.example.org/x")
            == ["sync.include", "sync.exclude", "sync.filter"])
        #expect(Self.keyPaths(in: "config.json: proxmox.tokenId: bad; docs/network.md /etc/proxguac/encryption.key network-online.target")
            == ["proxmox.tokenId"])
    }

    @Test("every config key path named in the binary's help texts and messages exists in the schema")
    func keyPathsInTheBinaryExist() throws {
        let binary = try Data(contentsOf: URL(fileURLWithPath: ProxGuacBinary.path))
        let text = String(decoding: binary.map { $0 >= 0x20 && $0 < 0x7f ? $0 : 0x0a }, as: UTF8.self)
        let found = Set(Self.keyPaths(in: text))
        #expect(found.count >= 20, "only \(found.count) key paths found in the binary: is the pattern broken?")
        for keyPath in found.sorted() {
            if let problem = Self.schemaProblem(keyPath) {
                Issue.record("the binary's help or messages name `\(keyPath)`, not a config key (\(problem)); written at: \(Self.sourcePlaces(of: keyPath))")
            }
        }
    }

    @Test("every config key path named in the README, docs/ and the man page's own sections exists in the schema")
    func keyPathsInTheDocsExist() throws {
        var count = 0
        let manPageSections = "contrib/generate-manpage.py"   // ENVIRONMENT and FILES, which the parser does not know
        let manPage = try String(contentsOfFile: DocCommandLines.repositoryRoot + "/" + manPageSections, encoding: .utf8)
        for page in try DocCommandLines.markdownPages() + [(path: manPageSections, text: manPage)] {
            var inScreenCapture = false  // captured TUI screens (scripts/tui-screens) cut text at the window's edge
            for (index, line) in page.text.components(separatedBy: "\n").enumerated() {
                if line.hasPrefix("<!-- screen:") { inScreenCapture = true }
                if line.hasPrefix("<!-- /screen") { inScreenCapture = false }
                if inScreenCapture { continue }
                for keyPath in Self.keyPaths(in: line) {
                    count += 1
                    if let problem = Self.schemaProblem(keyPath) {
                        Issue.record("\(page.path):\(index + 1) names `\(keyPath)`, not a config key (\(problem))")
                    }
                }
            }
        }
        #expect(count >= 50, "only \(count) key paths found in the docs")
    }

    /// `Sources/…/File.swift:12` for each source line that has `keyPath` in a string (at most 3).
    static func sourcePlaces(of keyPath: String) -> String {
        let root = DocCommandLines.repositoryRoot + "/Sources"
        var places: [String] = []
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        for file in files {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
            for (index, line) in text.components(separatedBy: "\n").enumerated()
            where keyPaths(in: line).contains(keyPath) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                places.append("Sources/\(file):\(index + 1)")
            }
        }
        return places.isEmpty ? "(not found in Sources/)" : places.prefix(3).joined(separator: ", ")
    }
}
