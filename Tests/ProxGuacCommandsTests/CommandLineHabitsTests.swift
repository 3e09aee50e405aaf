import Foundation
@testable import ProxGuacCommands
import ProxGuacLab
import Testing

@Suite("Command-line habits: shared options before the subcommand, typo suggestions, delete --force")
struct CommandLineHabitsTests {
    @Test("shared options before (or between) the command names move after them; nothing else moves")
    func sharedOptionsMove() throws {
        #expect(try CommandLinePreparation.prepare(["--config", "f.json", "auto"]) == ["auto", "--config", "f.json"])
        #expect(try CommandLinePreparation.prepare(["--log-level=debug", "config", "--color", "never", "check", "--verbose"])
            == ["config", "check", "--log-level=debug", "--color", "never", "--verbose"])
        #expect(try CommandLinePreparation.prepare(["--concurrency", "2", "--audit-log", "a.jsonl", "--log-format", "json", "list", "-v"])
            == ["list", "--concurrency", "2", "--audit-log", "a.jsonl", "--log-format", "json", "-v"])
        // Already in place, no subcommand (the default `ui` takes them), or other options first: unchanged.
        for unchanged in [["auto", "--config", "f"], ["--config", "f"], ["--version"], ["--help"], ["--demo-data", "--config", "f"],
                          ["test-network", "--config", "f", "aa:bb:cc:dd:ee:ff"], ["help", "list"], ["--config", "--log-level", "debug", "list"], []] {
            #expect(try CommandLinePreparation.prepare(unchanged) == unchanged)
        }
        // A value that looks like a command name is still the option's value.
        #expect(try CommandLinePreparation.prepare(["--config", "list", "auto"]) == ["auto", "--config", "list"])
    }

    @Test("a mistyped command names the closest one; its --help is the enclosing group's help")
    func unknownCommands() throws {
        #expect(throws: UnknownCommand(typed: ["lsit"], suggestion: ["list"])) { try CommandLinePreparation.prepare(["lsit"]) }
        #expect(throws: UnknownCommand(typed: ["atuo"], suggestion: ["auto"])) { try CommandLinePreparation.prepare(["--config", "f", "atuo"]) }
        #expect(throws: UnknownCommand(typed: ["config", "chek"], suggestion: ["config", "check"])) {
            try CommandLinePreparation.prepare(["config", "chek"])
        }
        #expect(throws: UnknownCommand(typed: ["frobnicate"], suggestion: nil)) { try CommandLinePreparation.prepare(["frobnicate"]) }
        #expect(throws: UnknownCommand(typed: ["enc"], suggestion: ["encrypt-notes"])) { try CommandLinePreparation.prepare(["enc"]) }
        #expect(try CommandLinePreparation.prepare(["lsit", "--help"]) == ["--help"])
        #expect(try CommandLinePreparation.prepare(["config", "chek", "-h"]) == ["config", "--help"])
        #expect(UnknownCommand(typed: ["lsit"], suggestion: ["list"]).description == "unknown command 'lsit': did you mean 'list'?")
        #expect(UnknownCommand(typed: ["frobnicate"], suggestion: nil).description
            == "unknown command 'frobnicate': `proxguac --help` lists the commands")
    }

    @Test("`proxguac lsit` exits 64 with the suggestion; `proxguac lsit --help` prints the top-level help")
    func typoThroughTheBinary() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let typo = try ProxGuacBinary.run(["lsit"], in: directory.path)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("Error: unknown command 'lsit': did you mean 'list'?\n"), "\(typo.stderr)")
        #expect(!typo.stderr.contains("proxguac ui"), "no usage of the default subcommand: \(typo.stderr)")
        let typoHelp = try ProxGuacBinary.run(["lsit", "--help"], in: directory.path)
        let rootHelp = try ProxGuacBinary.run(["--help"], in: directory.path)
        #expect(typoHelp.status == 0)
        #expect(typoHelp.stdout == rootHelp.stdout)
        #expect(typoHelp.stdout.contains("SUBCOMMANDS:"))
    }

    @Test("`proxguac --config FILE --log-level info list` works as `proxguac list --config FILE --log-level info`")
    func sharedOptionsFirstAgainstTheLab() throws {
        try CLILab.with { setup in
            #expect(try setup.run(["auto"]).status == 0)
            let after = try ProxGuacBinary.run(["list", "--config", setup.config, "--log-level", "info"], in: setup.directory.path)
            let before = try ProxGuacBinary.run(["--config", setup.config, "--log-level", "info", "list"], in: setup.directory.path)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(before.stdout == after.stdout)
            #expect(before.stdout.contains("deploy"), "\(before.stdout)")
            let nested = try ProxGuacBinary.run(["--config", setup.config, "config", "check"], in: setup.directory.path)
            #expect(nested.status == 0, "\(nested.stderr)")
        }
    }

    @Test("delete --connection refuses a connection under the root group that proxguac does not manage, unless --force")
    func deleteRefusesUnmanagedInsideRootGroup() throws {
        var scenario = try LabScenario.defaultScenario()
        scenario.guacamole.groups.append(LabScenario.GuacGroup(identifier: "900", name: "Proxmox"))
        scenario.guacamole.connections.append(LabScenario.GuacConnection(
            name: "Jump host (made by hand)", parentIdentifier: "900", protocol: "ssh",
            parameters: ["hostname": "203.0.113.60", "port": "22"]))
        let lab = try Lab.start(scenario, options: LabOptions())
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        let handMade = try #require(lab.guacamoleConnections().first { $0.name == "Jump host (made by hand)" })

        let refused = try ProxGuacBinary.run(["delete", "--connection", handMade.identifier, "--yes", "--config", config], in: directory.path)
        #expect(refused.status == 2)
        #expect(refused.stderr == "proxguac: error: connection \(handMade.identifier) \"Jump host (made by hand)\" is under \"Proxmox\" "
            + "but not managed by proxguac (no proxguac-id marker, no state record): add --force to delete it anyway, "
            + "or `proxguac adopt` to take it over\n")
        #expect(lab.guacamoleConnections().contains { $0.identifier == handMade.identifier })

        let forced = try ProxGuacBinary.run(["delete", "--connection", handMade.identifier, "--force", "--yes", "--config", config],
                                            in: directory.path)
        #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
        #expect(!lab.guacamoleConnections().contains { $0.identifier == handMade.identifier })
    }
}
