import ArgumentParser
import Foundation
@testable import ProxGuacCommands
import Testing

@Suite("Command line: help, exit codes and config check")
struct CLICommandLineTests {
    /// Every registered command path below the root, e.g. ["config"], ["config", "check"].
    static func commandPaths(_ command: any ParsableCommand.Type = ProxGuacMain.self, prefix: [String] = []) -> [[String]] {
        command.configuration.subcommands.flatMap { sub -> [[String]] in
            let path = prefix + [sub._commandName]
            return [path] + commandPaths(sub, prefix: path)
        }
    }

    static func allSubcommands(_ command: any ParsableCommand.Type = ProxGuacMain.self) -> [any ParsableCommand.Type] {
        command.configuration.subcommands.flatMap { [$0] + allSubcommands($0) }
    }

    @Test("every registered subcommand has an abstract and a help page")
    func everySubcommandHasHelp() {
        let subcommands = Self.allSubcommands()
        #expect(!subcommands.isEmpty)
        for sub in subcommands {
            #expect(!sub.configuration.abstract.isEmpty, "\(sub._commandName) has no abstract")
            #expect(ProxGuacMain.helpMessage(for: sub).contains(sub.configuration.abstract.prefix(20)))
        }
    }

    @Test("`--help` works for the root and every subcommand, exit 0")
    func helpRuns() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        for path in [[]] + Self.commandPaths() {
            let result = try ProxGuacBinary.run(path + ["--help"], in: directory.path)
            #expect(result.status == 0, "proxguac \(path.joined(separator: " ")) --help exited \(result.status)")
            #expect(result.stdout.contains("USAGE: proxguac"))
        }
    }

    @Test("root help documents the exit codes; --version prints the version")
    func rootHelpAndVersion() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let help = try ProxGuacBinary.run(["--help"], in: directory.path)
        for code in ["0 ", "1 ", "2 ", "3 ", "4 ", "64 "] { #expect(help.stdout.contains("\n  \(code)")) }
        let version = try ProxGuacBinary.run(["--version"], in: directory.path)
        #expect(version.status == 0)
        #expect(version.stdout == ProxGuacVersion.current + "\n")
    }

    @Test("an unknown option exits 64 (swift-argument-parser's usage code)")
    func unknownOption() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["config", "check", "--bogus"], in: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unknown option '--bogus'"))
        let badValue = try ProxGuacBinary.run(["config", "check", "--log-level", "loud"], in: directory.path)
        #expect(badValue.status == 64)
    }

    @Test("a bad config exits 2 with one error line per broken setting, each naming the key path")
    func badConfigExitCode() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config.json", #"{"proxmox": {"url": "https://pve.example.org", "tokenId": "x"}, "guacamole": {}}"#)
        let result = try ProxGuacBinary.run(["config", "check"], in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr == """
            proxguac: error: config.json: proxmox.tokenId: the value is not a token id: use user@realm!tokenname, e.g. proxguac@pve!sync
            proxguac: error: config.json: guacamole.url: missing: add "url": "https://guac.example.org/guacamole" to guacamole
            proxguac: error: config.json: guacamole.username: missing: add "username": "proxguac" to guacamole
            proxguac: error: config.json: guacamole.password: missing: set guacamole.passwordFile or PROXGUAC_GUACAMOLE_PASSWORD (or guacamole.password, less safe)

            """)
        #expect(result.stdout.isEmpty)
    }

    @Test("no config anywhere exits 2 and says where it looked")
    func noConfig() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["config", "check"], in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("proxguac: error: config.json: no config file found (looked at config.json, \(directory.path)/.config/proxguac/config.json"))
    }

    @Test("config check prints the effective config without any secret, and where each came from")
    func configCheckText() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config.json", cliTestConfig)
        try directory.write("guac-password", cliTestGuacamolePassword + "\n")
        let result = try ProxGuacBinary.run(["config", "check"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("config.json: valid\n"))
        #expect(result.stdout.contains("guacamole.password = <redacted> (from file guac-password)"))
        #expect(result.stdout.contains("sync.rootGroup = \"Proxmox\""))
        for secret in ["pve-token-0c5e1f", cliTestGuacamolePassword] {
            #expect(!result.stdout.contains(secret))
            #expect(!result.stderr.contains(secret))
        }
    }

    @Test("config check --json prints one JSON document with warnings and sources, no secrets")
    func configCheckJSON() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("my.json", cliTestConfig, mode: 0o644)
        try directory.write("guac-password", cliTestGuacamolePassword)
        let result = try ProxGuacBinary.run(["config", "check", "--json", "--config", "my.json"], in: directory.path,
                                            environment: ["PROXGUAC_PROXMOX_TOKEN_SECRET": "env-token-9d1a"])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["schemaVersion"] as? Int == 1)
        #expect((document["warnings"] as? [String])?.first?.contains("chmod 600 my.json") == true)
        let proxmox = try #require((document["config"] as? [String: Any])?["proxmox"] as? [String: Any])
        let token = try #require(proxmox["tokenSecret"] as? [String: String])
        #expect(token == ["value": "<redacted>", "source": "from environment variable PROXGUAC_PROXMOX_TOKEN_SECRET"])
        #expect(result.stderr.contains("proxguac: warning: my.json: readable by group or others"))
        for secret in ["pve-token-0c5e1f", "env-token-9d1a", cliTestGuacamolePassword] {
            #expect(!(result.stdout + result.stderr).contains(secret))
        }
    }

    @Test("PROXGUAC_CONFIG names the config file; an unreadable one exits 2")
    func configFromEnvironment() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let missing = try ProxGuacBinary.run(["config", "check"], in: directory.path, environment: ["PROXGUAC_CONFIG": "/nonexistent/c.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/c.json: cannot read the config file named by $PROXGUAC_CONFIG (No such file or directory)"))
    }

    @Test("an invalid PROXGUAC_LOG_LEVEL exits 2 naming the variable")
    func badLogLevelEnvironment() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["config", "check"], in: directory.path, environment: ["PROXGUAC_LOG_LEVEL": "chatty"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("proxguac: error: PROXGUAC_LOG_LEVEL=chatty is not a log level: use one of trace, debug"))
    }

    @Test("config check loads a configured encryption key, and a missing key file exits 2")
    func configCheckEncryptionKey() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("guac-password", cliTestGuacamolePassword)
        let withKey = cliTestConfig.replacingOccurrences(of: "\n}", with: ",\n  \"encryption\": {\"keyFile\": \"enc.key\"}\n}")
        try directory.write("config.json", withKey)
        let missing = try ProxGuacBinary.run(["config", "check"], in: directory.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("proxguac: error: cannot read encryption key file enc.key (No such file or directory)"))
        let keygen = try ProxGuacBinary.run(["keygen", "--output", directory.path + "/enc.key"], in: directory.path)
        #expect(keygen.status == 0)
        let result = try ProxGuacBinary.run(["config", "check"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("encryption.key = <redacted> (from file enc.key)"))
        #expect(result.stdout.contains("encryption keys: ok (ids "))
        let key = try String(contentsOfFile: directory.path + "/enc.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!result.stdout.contains(key))
    }
}
