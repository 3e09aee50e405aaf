import Foundation
import Glibc
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `proxguac auto` and `list` as a timer would run them: the built binary against a lab on 127.0.0.1.
@Suite("proxguac auto and list")
struct AutoCommandTests {
    private func withLab(_ body: (Lab, CLITemporaryDirectory, String) throws -> Void) throws {
        try CLILab.with { setup in try body(setup.lab, setup.directory, setup.config) }
    }

    @Test("--dry-run --json prints the plan and changes nothing; auto then applies it and exits 0")
    func dryRunThenApply() throws {
        try withLab { lab, directory, config in
            let before = lab.guacamoleConnections()
            let dry = try ProxGuacBinary.run(["auto", "--dry-run", "--json", "--config", config], in: directory.path)
            #expect(dry.status == 0, "\(dry.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any]
            #expect(document?["applied"] as? Bool == false)
            #expect((document?["plan"] as? [String: Any])?["kind"] as? String == "plan")
            #expect(lab.guacamoleConnections() == before)

            let applied = try ProxGuacBinary.run(["auto", "--config", config], in: directory.path)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("0 failed"))
            #expect(lab.guacamoleConnections().count > before.count)
            #expect(!applied.stdout.contains("P@ssw0rd") && !applied.stderr.contains("P@ssw0rd"))

            let list = try ProxGuacBinary.run(["list", "--config", config], in: directory.path)
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("win-desktop-admin-rdp"))
            #expect(list.stdout.contains("no-ip"))
        }
    }

    @Test("auto exits 3 when some actions fail and 4 when another run holds the lock")
    func exitCodes() throws {
        try withLab { lab, directory, config in
            lab.setFaults(LabFaults(rules: [
                LabFaultRule(server: .guacamole, method: "PATCH", path: "*/connections", kind: .httpStatus(500), limit: 1),
                // A refusal (400), not a 5xx: a create that fails with a 5xx is checked for and retried.
                LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .httpStatus(400), limit: 1),
            ]))
            let partial = try ProxGuacBinary.run(["auto", "--config", config], in: directory.path)
            #expect(partial.status == 3, "\(partial.stdout)")
            #expect(partial.stdout.contains("1 failed"))

            // The state file is config.state/state.json: the lock lives next to it.
            let fd = open(directory.path + "/config.state/lock", O_RDWR | O_CREAT, 0o600)
            #expect(fd >= 0)
            defer { close(fd) }
            #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
            let locked = try ProxGuacBinary.run(["auto", "--config", config], in: directory.path)
            #expect(locked.status == 4)
            #expect(locked.stderr.contains("another proxguac run"))
        }
    }
}
