import Foundation
import ProxGuacLab
import Testing

/// `proxguac init` without a terminal (the scripted form), through the binary against the lab. The interactive
/// form is driven in tmux by Tests/init-e2e.sh.
@Suite struct InitCommandTests {
    private struct Run {
        let lab: Lab
        let directory: CLITemporaryDirectory
        var output: String { directory.path + "/etc/config.json" }

        func initialize(_ extra: [String], environment: [String: String] = [:]) throws -> ProxGuacBinary.Result {
            let secrets = [
                "PROXGUAC_PROXMOX_TOKEN_SECRET": LabDemoCredentials.proxmoxTokenSecret,
                "PROXGUAC_GUACAMOLE_PASSWORD": LabDemoCredentials.guacamoleAdminPassword,
            ]
            return try ProxGuacBinary.run(
                ["init", "--output", output, "--proxmox-url", lab.proxmoxURL, "--guacamole-url", lab.guacamoleURL,
                 "--guacamole-user", LabDemoCredentials.guacamoleAdmin] + extra,
                in: directory.path, environment: secrets.merging(environment) { _, new in new })
        }

        var config: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

        func mode(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        }
    }

    private func withLab(_ body: (Run) throws -> Void) throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try body(Run(lab: lab, directory: directory))
    }

    @Test func aSelfSignedServerIsPinnedOnlyWithTheComparedFingerprintAndTheConfigWorks() throws {
        try withLab { run in
            let result = try run.initialize(["--proxmox-fingerprint", run.lab.fingerprint, "--guacamole-fingerprint", run.lab.fingerprint])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("pveum role add ProxGuac"))
            #expect(result.stdout.contains("result: everything proxguac needs is granted"), "test-auth ran: \(result.stdout)")
            #expect(run.config.components(separatedBy: run.lab.fingerprint).count == 3, "both pinned")
            #expect(run.config.contains("\"//\""), "commented")
            #expect(run.mode(run.output) == 0o600)
            #expect(run.mode(run.directory.path + "/etc/proxmox-token-secret") == 0o600)
            #expect(run.mode(run.directory.path + "/etc/guacamole-password") == 0o600)
            for text in [result.stdout, result.stderr, run.config] {
                #expect(!text.contains(LabDemoCredentials.proxmoxTokenSecret))
            }
            let list = try ProxGuacBinary.run(["list", "--config", run.output], in: run.directory.path)
            #expect(list.status == 0, "the written config works on its own: \(list.stderr)")
        }
    }

    @Test func anUnconfirmedCertificateStopsWithItsFingerprintAndWritesNothing() throws {
        try withLab { run in
            let result = try run.initialize([])
            #expect(result.status == 2)
            #expect(result.stderr.contains(run.lab.fingerprint) && result.stderr.contains("--proxmox-fingerprint"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: run.output))
            let wrong = try run.initialize(["--proxmox-fingerprint", String(repeating: "AB:", count: 31) + "AB"])
            #expect(wrong.status == 2)
            #expect(wrong.stderr.contains("not the --proxmox-fingerprint given"), "\(wrong.stderr)")
            #expect(!FileManager.default.fileExists(atPath: run.output))
        }
    }

    @Test func aCertificateTheSystemTrustsIsNeverPinned() throws {
        try withLab { run in
            let system = (try? String(contentsOfFile: "/etc/ssl/certs/ca-certificates.crt", encoding: .utf8)) ?? ""
            let bundle = try run.directory.write("bundle.pem", system + (try String(contentsOfFile: run.lab.caFile, encoding: .utf8)))
            let result = try run.initialize(["--guacamole-fingerprint", run.lab.fingerprint, "--skip-test-auth"],
                                            environment: ["SSL_CERT_FILE": bundle])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!run.config.contains("fingerprint\""), "\(run.config)")
            #expect(result.stdout.contains("never pinned"))
        }
    }

    @Test func withoutATerminalEveryAnswerMustBeGiven() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["init", "--output", directory.path + "/config.json"], in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--proxmox-url") && result.stderr.contains("PROXGUAC_GUACAMOLE_PASSWORD"), "\(result.stderr)")
    }
}
