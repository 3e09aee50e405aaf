import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Password (ticket) logins outliving one ticket.
@Suite struct ProxmoxTicketRenewalTests {
    @Test func aRunLongerThanATicketsLifeRenewsItBeforeItExpiresWithoutARejectedCall() async throws {
        let lifetime = Duration.seconds(10)  // 2 h on a real node; long enough for a call delayed by a busy machine
        var options = LabOptions()
        options.proxmoxTicketLifetime = lifetime
        let fixture = try LabFixture(options)
        // Renewing long before expiry leaves room for calls slowed down by a busy machine.
        let proxmox = try fixture.proxmox(LabCredentials.password(), ticketRenewal: .milliseconds(100))
        let logins = { fixture.served("POST /api2/json/access/ticket") }

        // Keep calling until the run has outlived the first ticket and renewed a few times
        // (bounded by a deadline, never a sleep).
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        while clock.now - start < lifetime + .milliseconds(500) || logins() < 3 {
            guard clock.now - start < .seconds(300) else {
                Issue.record("no renewal within 300 s (\(calls) calls, \(logins()) logins)")
                break
            }
            _ = try await proxmox.version()
            calls += 1
        }
        // A ticket rejected as expired would have been replayed after a new login: one GET more than calls.
        #expect(fixture.served("GET /api2/json/version") == calls, "\(calls) calls, \(logins()) logins")
        #expect(logins() >= 3)
    }
}
