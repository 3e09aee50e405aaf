import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// A service account with TOTP logging in over HTTPS against the lab, which checks codes against the clock and
/// refuses a code used twice (as Guacamole's TOTP extension).
@Suite struct GuacamoleTOTPLoginTests {
    private func client(_ fixture: LabFixture, secret: String, stateDirectory: String) throws -> GuacamoleClient {
        let settings = GuacamoleTOTPSettings(
            secret: ConfiguredSecret(Secret(secret), origin: .inline(keyPath: "guacamole.totpSecret")),
            period: fixture.lab.options.totpPeriod)
        return try GuacamoleClient(
            baseURL: fixture.lab.guacamoleURL, username: LabDemoCredentials.guacamoleTOTPAdmin,
            password: Secret(LabDemoCredentials.guacamoleTOTPAdminPassword), tls: fixture.trusted,
            transport: fixture.transport, logger: fixture.logs.logger,
            totp: GuacamoleTOTP(settings: settings, stateDirectory: stateDirectory))
    }

    private func shortSteps() throws -> LabFixture {
        var options = LabOptions()
        options.totpPeriod = 2
        return try LabFixture(options)
    }

    @Test func theChallengeIsAnsweredAndTwoLoginsNeverShareAStep() async throws {
        let fixture = try shortSteps()
        let directory = NSTemporaryDirectory() + "proxguac-totp-login-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two clients as two processes would be: one step record, no shared session.
        let first = try client(fixture, secret: LabDemoCredentials.guacamoleTOTPAdminSecret, stateDirectory: directory)
        let second = try client(fixture, secret: LabDemoCredentials.guacamoleTOTPAdminSecret, stateDirectory: directory)
        #expect(try await first.login() == "postgresql")
        #expect(try await second.login() == "postgresql")
        _ = try await second.connections()
        let steps = fixture.lab.guacamoleTOTPStepsAccepted(LabDemoCredentials.guacamoleTOTPAdmin)
        #expect(steps.count == 2)
        #expect(Set(steps).count == 2, "each login used its own time step: \(steps)")
        #expect(fixture.served("POST /guacamole/api/tokens") == 4, "each login: the challenge, then the answer")
        let record = try String(contentsOfFile: directory + "/guacamole-totp-steps", encoding: .utf8)
        #expect(record.hasPrefix("\(steps.max() ?? 0) \(LabDemoCredentials.guacamoleTOTPAdmin) "))
    }

    @Test func anExpiredTokenIsRenewedWithAFreshCode() async throws {
        var options = LabOptions()
        options.totpPeriod = 2
        options.faults = LabFaults(guacamoleTokenExpiresAfterRequests: 2)
        let fixture = try LabFixture(options)
        let directory = NSTemporaryDirectory() + "proxguac-totp-login-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let guacamole = try client(fixture, secret: LabDemoCredentials.guacamoleTOTPAdminSecret, stateDirectory: directory)
        for _ in 0..<3 { _ = try await guacamole.connections() }
        let steps = fixture.lab.guacamoleTOTPStepsAccepted(LabDemoCredentials.guacamoleTOTPAdmin)
        #expect(steps.count >= 2, "the token expired and the re-login answered the challenge again: \(steps)")
        #expect(Set(steps).count == steps.count, "no step twice: \(steps)")
    }

    @Test func aWrongSecretGetsOneLineNamingWhatToCheck() async throws {
        let fixture = try shortSteps()
        let directory = NSTemporaryDirectory() + "proxguac-totp-login-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wrong = Base32.encode(Array("not the enrolled key".utf8))
        let guacamole = try client(fixture, secret: wrong, stateDirectory: directory)
        let error = await #expect(throws: GuacamoleError.self) { _ = try await guacamole.login() }
        guard case .totpRejected = error else {
            Issue.record("expected totpRejected, got \(String(describing: error))")
            return
        }
        let text = String(describing: error)
        #expect(text.contains("totpSecret") && text.contains("NTP") && !text.contains("\n"))
        #expect(!text.contains(wrong))
        #expect(fixture.served("POST /guacamole/api/tokens") == 2, "the code is not sent again")
    }

    @Test func anAccountWithoutTOTPNeverUsesAStep() async throws {
        let fixture = try shortSteps()
        let directory = NSTemporaryDirectory() + "proxguac-totp-login-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let settings = GuacamoleTOTPSettings(
            secret: ConfiguredSecret(Secret(LabDemoCredentials.guacamoleTOTPAdminSecret), origin: .inline(keyPath: "t")))
        let guacamole = try GuacamoleClient(
            baseURL: fixture.lab.guacamoleURL, username: LabCredentials.guacamoleAdmin,
            password: Secret(LabCredentials.guacamoleAdminPassword), tls: fixture.trusted, transport: fixture.transport,
            logger: fixture.logs.logger, totp: GuacamoleTOTP(settings: settings, stateDirectory: directory))
        _ = try await guacamole.login()
        #expect(!FileManager.default.fileExists(atPath: directory + "/guacamole-totp-steps"))
        #expect(fixture.served("POST /guacamole/api/tokens") == 1)
    }
}
