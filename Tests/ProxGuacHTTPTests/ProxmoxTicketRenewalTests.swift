import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Password (ticket) logins outliving one ticket.
@Suite struct ProxmoxTicketRenewalTests {
    @Test func aRunLongerThanATicketsLifeRenewsItBeforeItExpiresWithoutARejectedCall() async throws {
        var options = LabOptions()
        options.proxmoxTicketLifetime = .seconds(2)  // 2 h on a real node
        let fixture = try LabFixture(options)
        let proxmox = try fixture.proxmox(LabCredentials.password(), ticketRenewal: .milliseconds(200))

        // Keep calling for longer than one ticket lives (bounded by the deadline, not a sleep).
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(2500)
        var calls = 0
        while clock.now < deadline {
            _ = try await proxmox.version()
            calls += 1
        }
        // A ticket rejected as expired would show as a replayed GET; renewals happen before that.
        #expect(fixture.served("GET /api2/json/version") == calls)
        #expect(fixture.served("POST /api2/json/access/ticket") >= 2)
    }
}
