import Foundation
import Testing
import ProxGuacLab

/// Acceptance (issue 8): no secret used in a run reaches stdout, stderr, the audit log or the state file,
/// even at `--log-level trace`.
@Suite("Redaction in every output of a run")
struct RedactionAcceptanceTests {
    /// `pass:"…"` values in the scenario's notes.
    static func notesPasswords(_ scenario: LabScenario) -> Set<String> {
        var found: Set<String> = []
        for guest in scenario.guests {
            var rest = Substring(guest.config["description"] ?? "")
            while let start = rest.range(of: "pass:\"") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                found.insert(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return found
    }

    @Test("token secret, Guacamole password and tokens, notes passwords and the encryption key appear nowhere",
          arguments: ["text", "json"])
    func noSecretAnywhere(logFormat: String) async throws {
        let scenario = try LabScenario.defaultScenario()
        let lab = try BinaryLab.start(scenario)
        defer { lab.stop() }
        let keyFile = lab.directory.path + "/enc.key"
        let keygen = try await lab.run(["keygen", "--output", keyFile])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        var config = try String(contentsOfFile: lab.config, encoding: .utf8)
        config = config.replacingOccurrences(of: "\"guacamole\" : {", with: "\"encryption\" : {\"keyFile\": \"\(keyFile)\"},\n  \"guacamole\" : {")
        #expect(config.contains("\"encryption\""), "the key file was not added to the config")
        try config.write(toFile: lab.config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: lab.config)

        let run = try await lab.run(["auto", "--log-level", "trace", "--log-format", logFormat, "--config", lab.config])
        #expect(run.status == 0, "\(run.stderr.suffix(500))")
        #expect(run.stderr.contains("trace"), "trace logging produced no log lines")

        let passwords = Self.notesPasswords(scenario)
        #expect(passwords.count >= 3)
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let tokens = lab.lab.guacamoleTokensIssued()
        #expect(!tokens.isEmpty)
        let admin = try #require(scenario.guacamole.users.first { $0.admin })
        let pveToken = try #require(scenario.proxmox.tokens.first { $0.tokenid.hasSuffix("!sync") })
        let secrets = [("PVE token secret", pveToken.secret), ("Guacamole password", admin.password), ("encryption key", key)]
            + tokens.map { ("Guacamole token", $0) } + passwords.map { ("notes password", $0) }

        // The state file, lock and audit log: next to the config or in its `.state` directory.
        let stateDirectory = lab.directory.path
        let stateFiles = (FileManager.default.enumerator(atPath: stateDirectory)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix("state.json") || $0.hasSuffix(".jsonl")
        }
        #expect(stateFiles.contains { $0.hasSuffix("state.json") }, "\(stateFiles)")
        #expect(stateFiles.contains { $0.hasSuffix(".jsonl") }, "no audit log in \(stateFiles)")
        var sinks = [("stdout", run.stdout), ("stderr", run.stderr)]
        for file in stateFiles {
            sinks.append((file, try String(contentsOfFile: stateDirectory + "/" + file, encoding: .utf8)))
        }
        for (sink, text) in sinks {
            for (what, secret) in secrets where !secret.isEmpty {
                #expect(!text.contains(secret), "\(what) found in \(sink)")
            }
        }
    }
}
