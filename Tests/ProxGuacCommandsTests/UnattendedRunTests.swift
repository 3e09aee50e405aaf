import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacLab

/// `auto` under a timer (issue 19): drift a timer can alert on, JSON lines only, sessions logged out.
@Suite("proxguac auto, unattended")
struct UnattendedRunTests {
    /// Changes a managed connection's port in Guacamole, as an admin in the web UI would.
    static func drift(_ setup: CLILab, marker: String, port: String) throws {
        let connection = try #require(setup.connection(marker: marker))
        var parameters = connection.parameters
        parameters["port"] = port
        setup.lab.editConnection(identifier: connection.identifier, parameters: parameters)
    }

    @Test("drift left as is exits 6 with a warning; --push NAME resolves only that row; sync.onDrift push resolves all")
    func driftExitsSix() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            try Self.drift(setup, marker: "v1:pve:100:rdp:admin", port: "4000")
            try Self.drift(setup, marker: "v1:pve:101:ssh:deploy", port: "2222")

            let reported = try setup.run(["auto"])
            #expect(reported.status == 6, "\(reported.stdout)\(reported.stderr)")
            #expect(reported.stderr.contains("proxguac: warning: 2 connections drifted in Guacamole and left as is"), "\(reported.stderr)")
            #expect(setup.connection(marker: "v1:pve:100:rdp:admin")?.parameters["port"] == "4000", "report changes nothing")
            let preview = try [["auto", "--dry-run"], ["auto", "--dry-run", "--push"]].map { try setup.run($0).status }
            #expect(preview == [6, 0], "a dry run exits as the run would")

            let one = try setup.run(["auto", "--push", "web01"])
            #expect(one.status == 6, "the other row is still drifted: \(one.stdout)\(one.stderr)")
            #expect(setup.connection(marker: "v1:pve:101:ssh:deploy")?.parameters["port"] == "22")
            #expect(setup.connection(marker: "v1:pve:100:rdp:admin")?.parameters["port"] == "4000", "not named: untouched")

            let unknown = try setup.run(["auto", "--push", "no-such-guest"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("no connection matches \"no-such-guest\""), "\(unknown.stderr)")
            #expect(try setup.run(["auto", "web01"]).status == 64, "rows only with --push or --pull")

            try setup.editConfig { config in
                var sync = config["sync"] as? [String: Any] ?? [:]
                sync["onDrift"] = "push"
                config["sync"] = sync
            }
            let policy = try setup.run(["auto"])
            #expect(policy.status == 0, "\(policy.stdout)\(policy.stderr)")
            #expect(setup.connection(marker: "v1:pve:100:rdp:admin")?.parameters["port"] != "4000")
        }
    }

    @Test("a bad sync.onDrift is a config error naming the choices")
    func badDriftPolicy() throws {
        try CLILab.with { setup in
            try setup.editConfig { config in config["sync"] = ["onDrift": "ignore"] }
            let result = try setup.run(["auto"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("sync.onDrift"), "\(result.stderr)")
            #expect(result.stderr.contains("report, push, pull"), "\(result.stderr)")
        }
    }

    @Test("every run logs its Guacamole session out (auto, list, dry run, add, adopt, a failed run)")
    func sessionsAreLoggedOut() throws {
        try CLILab.with { setup in
            let commands = [["auto"], ["list"], ["auto", "--dry-run"], ["add", "--vmid", "101", "--yes"], ["adopt", "--dry-run"],
                            ["auto", "--push", "no-such-guest"]]
            let statuses = try commands.map { try setup.run($0).status }
            #expect(statuses == [0, 0, 0, 0, 0, 2])
            #expect(setup.lab.guacamoleTokensIssued().count >= commands.count)
            #expect(setup.lab.guacamoleOpenSessions() == 0)
            #expect(setup.lab.requestCounts()["DELETE /guacamole/api/session", default: 0] >= commands.count, "\(setup.lab.requestCounts())")
        }
    }

    @Test("list filters by status, guest and protocol, and prints csv or json")
    func listFiltersAndFormats() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            try Self.drift(setup, marker: "v1:pve:100:rdp:admin", port: "4000")

            let drifted = try setup.run(["list", "--status", "guac-drift,conflict", "--format", "csv"])
            #expect(drifted.status == 0, "\(drifted.stderr)")
            let lines = drifted.stdout.split(separator: "\r\n").map(String.init)
            #expect(lines.first == ListCSV.header.joined(separator: ","))
            #expect(lines.count == 2, "\(drifted.stdout)")
            #expect(lines.last?.hasPrefix("guac-drift,Proxmox/win-desktop (100),win-desktop-admin-rdp,pve,100,win-desktop,rdp,admin,") == true, "\(drifted.stdout)")

            let ssh = try setup.run(["list", "--protocol", "ssh", "--guest", "101", "--format", "json"])
            let document = try JSONSerialization.jsonObject(with: Data(ssh.stdout.utf8)) as? [String: Any]
            let rows = try #require(document?["rows"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["vmid"] as? Int == 101)
            #expect(rows.first?["protocol"] as? String == "ssh")

            let bad = try setup.run(["list", "--status", "broken"])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("--status broken is not a status: use ok, pve-changed"), "\(bad.stderr)")
        }
    }

    @Test("a csv cell a spreadsheet would run as a formula starts with a quote")
    func csvFormulaCells() {
        #expect(ListCSV.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ListCSV.cell("web01") == "web01")
        #expect(ListCSV.cell("a,b") == "\"a,b\"")
    }

    @Test("the binary cannot dump core: RLIMIT_CORE 0, and not dumpable (its /proc files belong to root, not to its user)")
    func noCoreDumps() async throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        chmod(directory.path, 0o777)
        // Run as nobody, so that "owned by root" can only come from PR_SET_DUMPABLE 0.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", ProxGuacBinary.path,
                             "lab", "--write-config", directory.path + "/lab.json"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.environment = ["HOME": directory.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        let pid = process.processIdentifier
        let config = directory.path + "/lab.json"
        let started = try await waitUntil(deadline: .seconds(60)) { FileManager.default.fileExists(atPath: config) || !process.isRunning }
        try #require(started && process.isRunning, "the lab did not start as nobody")

        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let core = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        #expect(core.split(separator: " ").dropFirst(4).prefix(2) == ["0", "0"], "\(core)")
        var info = stat()
        #expect(stat("/proc/\(pid)/mem", &info) == 0)
        #expect(info.st_uid == 0, "a dumpable process's /proc/pid/mem belongs to its user (65534)")
        var labInfo = stat()
        #expect(stat(config, &labInfo) == 0 && labInfo.st_uid == 65534, "the lab really ran as nobody")
    }
}

/// `--log-format json`: every line on stdout and stderr is a JSON record, so the operations page's
/// `journalctl -u proxguac.service -o cat | jq …` recipe reads all of it. journald itself is not run
/// here: the unit's stdout and stderr are concatenated as journald stores them and fed to the same filter.
@Suite("proxguac --log-format json")
struct JSONLogLinesTests {
    /// The docs' filter, run with jq on `text`; returns jq's exit status and output.
    static func jq(_ filter: String, _ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["jq", "-c", filter]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Each non-empty line is a JSON object with time, level, label and message.
    static func allRecords(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return ["time", "level", "label", "message"].allSatisfy { object[$0] is String }
        }
    }

    @Test("drift (warning, exit 6), a config error and an argument error: all JSON lines, and the docs' jq recipe finds them")
    func everythingIsJSON() throws {
        try CLILab.with { setup in
            let first = try setup.run(["auto", "--log-format", "json", "--log-level", "notice"])
            #expect(first.status == 0)
            #expect(!first.stdout.isEmpty && Self.allRecords(first.stdout), "\(first.stdout)")
            try UnattendedRunTests.drift(setup, marker: "v1:pve:100:rdp:admin", port: "4000")

            let drifted = try setup.run(["auto", "--log-format", "json", "--log-level", "notice"])
            #expect(drifted.status == 6)
            let journal = drifted.stdout + drifted.stderr
            #expect(Self.allRecords(journal), "\(journal)")
            let warnings = try Self.jq(#"select(.level == "warning") | .message"#, journal)
            #expect(warnings.status == 0, "\(warnings.output)")
            #expect(warnings.output.contains("1 connection drifted in Guacamole and left as is"), "\(warnings.output)")

            let quiet = try setup.run(["auto", "--log-format", "json", "--quiet"])
            #expect(quiet.status == 6)
            #expect(quiet.stdout.isEmpty, "--quiet: nothing on stdout")
            #expect(Self.allRecords(quiet.stderr), "\(quiet.stderr)")

            let missing = try ProxGuacBinary.run(["auto", "--log-format", "json", "--config", setup.directory.path + "/nope.json"], in: setup.directory.path)
            let parser = try setup.run(["auto", "--log-format=json", "--no-such-option"])
            for (run, code) in [(missing, Int32(2)), (parser, Int32(64))] {
                #expect(run.status == code)
                #expect(Self.allRecords(run.stdout + run.stderr), "\(run.stderr)")
                let errors = try Self.jq(#"select(.level == "error")"#, run.stdout + run.stderr)
                #expect(errors.status == 0)
                let lines = errors.output.split(separator: "\n")
                #expect(lines.count == 1, "\(errors.output)")
                #expect(lines.first?.contains("\"exitCode\":\(code)") == true, "\(errors.output)")
            }
            #expect(parser.stderr.contains("Unknown option '--no-such-option'"), "\(parser.stderr)")
        }
    }
}

/// The audit log: an intent record before each write, a result after, fsync'ed; a failure is not silent.
@Suite("audit log: intent records and write failures")
struct AuditIntentTests {
    @Test("each change has an intent record before its result; a full disk (/dev/full) is a warning and exit 3")
    func intentThenResult() throws {
        try CLILab.with { setup in
            let log = setup.directory.path + "/audit.jsonl"
            let run = try setup.run(["auto", "--audit-log", log])
            #expect(run.status == 0, "\(run.stderr)")
            let records = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let intents = records.filter { $0["result"] as? String == "intent" }
            let results = records.filter { $0["result"] as? String == "ok" }
            #expect(intents.count == 14 && results.count == 14, "\(records.count) records")
            for result in results {
                let key = "\(result["action"] ?? "") \(result["target"] ?? "")"
                let intentIndex = records.firstIndex { $0["result"] as? String == "intent" && "\($0["action"] ?? "") \($0["target"] ?? "")" == key }
                let resultIndex = records.firstIndex { $0["result"] as? String == "ok" && "\($0["action"] ?? "") \($0["target"] ?? "")" == key }
                #expect(intentIndex != nil && intentIndex! < resultIndex!, "\(key)")
            }

            let doomed = try #require(setup.connection(marker: "v1:pve:101:ssh:deploy"))
            #expect(try setup.run(["delete", "--connection", doomed.identifier, "--yes", "--audit-log", log]).status == 0)
            let deletes = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"action\":\"delete\"") }
            #expect(deletes.count == 2 && deletes[0].contains("\"result\":\"intent\"") && deletes[1].contains("\"result\":\"ok\""), "\(deletes)")

            try UnattendedRunTests.drift(setup, marker: "v1:pve:100:rdp:admin", port: "4000")
            let full = try setup.run(["auto", "--push", "--audit-log", "/dev/full"])
            #expect(full.status == 3, "\(full.stdout)\(full.stderr)")
            #expect(full.stderr.contains("proxguac: warning: audit log /dev/full not written (write: No space left on device)"), "\(full.stderr)")
            #expect(setup.connection(marker: "v1:pve:100:rdp:admin")?.parameters["port"] != "4000", "the change itself was made")
        }
    }
}

/// A run stopped mid-apply: SIGTERM logs the session out and still ends the run by the signal; after
/// SIGKILL the audit log already holds an intent record for every connection the lab created.
@Suite("proxguac auto stopped mid-run")
struct StoppedRunTests {
    static let scenario = LabScenario.generated(guests: 30, nodes: 2, seed: 3)

    static func slowLab() throws -> BinaryLab {
        var options = LabOptions()
        // With --concurrency 1 a whole run takes 10+ s, so the signal lands while it still writes even when
        // the test's polling task is scheduled late on a busy 2-core machine (at 100 ms it sometimes was not).
        options.latency = .milliseconds(300)
        options.guacamoleVersion = "1.5.5"    // one request per change
        return try BinaryLab.start(scenario, options: options)
    }

    @Test("SIGTERM: the Guacamole session is logged out, the process ends by SIGTERM")
    func sigtermLogsOut() async throws {
        let lab = try Self.slowLab()
        defer { lab.stop() }
        let running = try RunningBinary(["auto", "--config", lab.config, "--concurrency", "1"], in: lab.directory.path)
        let delivery = try await running.signal(SIGTERM) { lab.writes >= 3 }
        if delivery == .endedFirst {
            let ended = try await running.finish()
            Issue.record("the run ended (status \(ended.status)) before the signal: \(ended.stderr)")
            return
        }
        try #require(delivery == .sent, "the run ended before it could be stopped")
        _ = try await running.finish()
        #expect(running.process.terminationReason == .uncaughtSignal)
        #expect(running.process.terminationStatus == SIGTERM)
        #expect(lab.lab.guacamoleOpenSessions() == 0, "the admin token was left open")
        #expect(lab.lab.requestCounts()["DELETE /guacamole/api/session", default: 0] == 1)
    }

    @Test("SIGKILL: every connection created so far has its intent record in the audit log")
    func sigkillLeavesIntents() async throws {
        let lab = try Self.slowLab()
        defer { lab.stop() }
        let log = lab.directory.path + "/audit.jsonl"
        let running = try RunningBinary(["auto", "--config", lab.config, "--concurrency", "1", "--audit-log", log], in: lab.directory.path)
        let delivery = try await running.signal(SIGKILL) { lab.markerCounts.count >= 5 }
        if delivery == .endedFirst {
            let ended = try await running.finish()
            Issue.record("the run ended (status \(ended.status)) before the signal: \(ended.stderr)")
            return
        }
        try #require(delivery == .sent, "the run ended before it could be killed")
        _ = try await running.finish()
        let created = lab.lab.guacamoleConnections().filter { $0.parameters["proxguac-id"] != nil }
        let records = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let intended = Set(records.filter { $0["result"] as? String == "intent" && $0["action"] as? String == "create-connection" }
            .compactMap { $0["target"] as? String })
        #expect(created.count >= 5)
        for connection in created {
            #expect(intended.contains { $0.hasSuffix("/" + connection.name) || $0.contains(connection.name) },
                    "\(connection.name) was created without an intent record")
        }
    }
}

/// `add-external` on a symlinked config (e.g. into a config-management checkout).
@Suite("config edits through symlinks")
struct SymlinkedConfigEditTests {
    @Test("add-external writes through the symlink: the link stays, the target keeps its owner and mode, no temp file left")
    func writesThroughSymlink() throws {
        try CLILab.with { setup in
            let managed = setup.directory.path + "/managed"
            try FileManager.default.createDirectory(atPath: managed, withIntermediateDirectories: true)
            let target = managed + "/proxguac.json"
            try FileManager.default.moveItem(atPath: setup.config, toPath: target)
            try FileManager.default.createSymbolicLink(atPath: setup.config, withDestinationPath: "managed/proxguac.json")
            #expect(chown(target, 65534, 65534) == 0 && chmod(target, 0o640) == 0)
            let passwordFile = try setup.directory.write("nas.password", "ext-Secret-1\n")

            let result = try setup.run(["add-external", "--name", "nas", "--host", "203.0.113.20", "--protocols", "ssh",
                                        "--username", "admin", "--password-file", passwordFile])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: setup.config) == "managed/proxguac.json")
            var info = stat()
            #expect(stat(target, &info) == 0)
            #expect(info.st_uid == 65534 && info.st_gid == 65534, "owner kept")
            #expect(info.st_mode & 0o7777 == 0o640, "mode kept")
            #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"nas\""))
            #expect(try FileManager.default.contentsOfDirectory(atPath: managed) == ["proxguac.json"], "no temp file left")
        }
    }
}

/// Response bodies are not decoded: no Accept-Encoding is sent, so the size cap counts bytes as received.
@Suite("HTTP bodies are taken as sent")
struct UndecodedBodyTests {
    @Test("servers that label every body Content-Encoding: gzip: auto still syncs (curl decodes nothing)")
    func gzipLabelIsNotDecoded() async throws {
        var options = LabOptions()
        options.faults.rules = [LabFaultRule(path: "*", kind: .gzipLabel)]
        let lab = try BinaryLab.start(try LabScenario.defaultScenario(), options: options)
        defer { lab.stop() }
        let run = try await lab.run(["auto", "--config", lab.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(lab.markerCounts.count == 8, "every connection created")
    }
}
