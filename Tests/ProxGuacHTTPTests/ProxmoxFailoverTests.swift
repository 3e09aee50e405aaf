import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// `proxmox.url` as a list: a node that cannot be reached is not the cluster down.
@Suite struct ProxmoxFailoverTests {
    /// The URL of a lab that was started and stopped again: its port refuses connections.
    private static func closedURL() throws -> String {
        let gone = try Lab.start(LabScenario.defaultScenario())
        let url = gone.proxmoxURL
        gone.stop()
        return url
    }

    private func client(_ fixture: LabFixture, urls: [String], auth: ProxmoxAuth = LabCredentials.token()) throws -> ProxmoxClient {
        try ProxmoxClient(baseURLs: urls, auth: auth, tls: fixture.trusted, transport: fixture.transport, logger: fixture.logs.logger)
    }

    @Test func aRefusedFirstNodeMovesTheClientToTheNextURL() async throws {
        let fixture = try LabFixture()
        let down = try Self.closedURL()
        let proxmox = try client(fixture, urls: [down, fixture.lab.proxmoxURL])
        let guests = try await proxmox.guests()
        #expect(!guests.isEmpty)
        #expect(proxmox.baseURL == fixture.lab.proxmoxURL)  // later requests start at the node that answered
        _ = try await proxmox.version()
        #expect(fixture.served("GET /api2/json/version") == 1)
    }

    @Test func aPasswordLoginAlsoMovesToTheNextNode() async throws {
        let fixture = try LabFixture()
        let proxmox = try client(fixture, urls: [try Self.closedURL(), fixture.lab.proxmoxURL], auth: LabCredentials.password())
        let config = try await proxmox.config(of: GuestReference(node: "pve1", vmid: 101, kind: .qemu))
        #expect(config.digest != nil)
        #expect(fixture.served("POST /api2/json/access/ticket") == 1)
    }

    @Test func everyNodeDownIsOneCannotConnectError() async throws {
        let fixture = try LabFixture()
        let proxmox = try client(fixture, urls: [try Self.closedURL(), try Self.closedURL()])
        let error = await #expect(throws: ProxmoxError.self) { _ = try await proxmox.version() }
        #expect(error?.description.contains("cannot connect") == true)
    }

    @Test func anErrorFromALiveNodeIsFinalAndDoesNotMoveOn() async throws {
        let fixture = try LabFixture()
        let proxmox = try client(fixture, urls: [fixture.lab.proxmoxURL, try Self.closedURL()],
                                 auth: LabCredentials.token(secret: "00000000-0000-0000-0000-000000000000"))
        await #expect(throws: ProxmoxError.self) { _ = try await proxmox.version() }
        #expect(proxmox.baseURL == fixture.lab.proxmoxURL)
    }
}
