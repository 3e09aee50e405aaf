import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Token and ticket authentication against the emulated Proxmox VE.
@Suite struct ProxmoxAuthTests {
    @Test func anAPITokenAuthenticatesWithoutATicket() async throws {
        let fixture = try LabFixture()
        let version = try await fixture.proxmox().version()
        #expect(version.release == "9.1")
        #expect(version.major == 9)
        #expect(fixture.served("POST /api2/json/access/ticket") == 0)
    }

    @Test func aPasswordLogsInOnceAndWritesCarryTheCSRFToken() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox(LabCredentials.password())
        let guest = GuestReference(node: "pve1", vmid: 101, kind: .qemu)
        let config = try await proxmox.config(of: guest)
        // The lab answers 401 "invalid csrf token" to a ticket write without the header.
        try await proxmox.setNotes("written with a ticket", of: guest, digest: try #require(config.digest))
        _ = try await proxmox.version()
        #expect(fixture.lab.notes(vmid: 101) == "written with a ticket")
        #expect(fixture.served("POST /api2/json/access/ticket") == 1)
    }

    @Test func concurrentCallsShareOneLogin() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox(LabCredentials.password())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await proxmox.version() } }
            try await group.waitForAll()
        }
        #expect(fixture.served("POST /api2/json/access/ticket") == 1)
    }

    @Test func aRejectedTicketLeadsToOneNewLoginNotALoop() async throws {
        var options = LabOptions()
        options.proxmoxTicketLifetime = .zero  // every ticket is already expired when used
        let fixture = try LabFixture(options)
        let proxmox = try fixture.proxmox(LabCredentials.password())
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.version() }
        guard case .authenticationFailed(let reason) = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(reason == "Authentication failed!")
        #expect(fixture.served("POST /api2/json/access/ticket") == 2)
        #expect(fixture.served("GET /api2/json/version") == 2)
    }

    @Test func aWrongTokenSecretFailsOnceWithAClearMessage() async throws {
        var options = LabOptions()
        options.proxmoxVersion = "8.4"  // detailed 401 reasons (before 9.1.5)
        let fixture = try LabFixture(options)
        let proxmox = try fixture.proxmox(LabCredentials.token(secret: "00000000-0000-0000-0000-000000000000"))
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.guests() }
        guard case .authenticationFailed(let reason) = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(reason == "invalid token value!")
        #expect(error?.description.contains("rejected the credentials") == true)
        #expect(fixture.served("GET /api2/json/cluster/resources") == 1)
    }

    @Test func aWrongPasswordIsReportedAsRejectedCredentials() async throws {
        let fixture = try LabFixture()
        let proxmox = try fixture.proxmox(LabCredentials.password(LabCredentials.rootUser, "not-the-password"))
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.version() }
        guard case .authenticationFailed = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(fixture.served("POST /api2/json/access/ticket") == 1)
        #expect(fixture.served("GET /api2/json/version") == 0)
    }

    @Test func aBaseURLThatIsNotHTTPIsRefusedUpFront() throws {
        let fixture = try LabFixture()
        #expect(throws: ProxmoxError.self) {
            _ = try ProxmoxClient(
                baseURL: "pve.example.org:8006", auth: LabCredentials.token(), transport: fixture.transport,
                logger: fixture.logs.logger)
        }
    }
}
