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

    @Test("every run logs its Guacamole session out (auto, list, dry run)")
    func sessionsAreLoggedOut() throws {
        try CLILab.with { setup in
            let statuses = try [["auto"], ["list"], ["auto", "--dry-run"]].map { try setup.run($0).status }
            #expect(statuses == [0, 0, 0])
            #expect(setup.lab.guacamoleTokensIssued().count >= 3)
            #expect(setup.lab.guacamoleOpenSessions() == 0)
            #expect(setup.lab.requestCounts()["DELETE /guacamole/api/session", default: 0] >= 3, "\(setup.lab.requestCounts())")
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
