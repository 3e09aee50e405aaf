import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// No token, password, ticket, CSRF token or Guacamole token in any log line (at `.trace`) or error text.
@Suite struct SecretLoggingTests {
    @Test func secretsNeverReachTheLogOrErrorTexts() async throws {
        var options = LabOptions()
        options.faults = LabFaults(guacamoleTokenExpiresAfterRequests: 2)
        let fixture = try LabFixture(options)
        let token = try fixture.proxmox()
        let ticket = try fixture.proxmox(LabCredentials.password())
        let guacamole = try fixture.guacamole(LabCredentials.guacamoleViewer, LabCredentials.guacamoleViewerPassword)
        let web01 = GuestReference(node: "pve1", vmid: 101, kind: .qemu)

        _ = try await token.guests()
        let digest = try #require(try await ticket.config(of: web01).digest)
        try await ticket.setNotes("user:\"x\" pass:\"hunter2\";", of: web01, digest: digest)
        for _ in 0..<3 { _ = try await guacamole.connections() }
        let guacamoleToken = try await guacamole.session.get().get().value.token.value
        let proxmoxTicket = try #require(try await ticket.tickets?.get().get().value)
        try await guacamole.logout()

        var errorTexts: [String] = []
        do { _ = try await fixture.proxmox(LabCredentials.token(secret: "11111111-2222-3333-4444-555555555555")).version() } catch {
            errorTexts.append("\(error)")
        }
        do { _ = try await fixture.proxmox(LabCredentials.password(LabCredentials.rootUser, "wrong-Pa55")).version() } catch {
            errorTexts.append("\(error)")
        }
        do { _ = try await fixture.guacamole(LabCredentials.guacamoleViewer, "wrong-Gu4c").login() } catch {
            errorTexts.append("\(error)")
        }

        let secrets = [
            LabCredentials.tokenSecret, LabCredentials.rootPassword, LabCredentials.guacamoleViewerPassword,
            "11111111-2222-3333-4444-555555555555", "wrong-Pa55", "wrong-Gu4c", "hunter2", guacamoleToken,
            proxmoxTicket.ticket.value, proxmoxTicket.csrfToken.value,
        ]
        let lines = fixture.logs.lines
        #expect(lines.contains { $0.contains("/api2/json/cluster/resources") && $0.contains("200") })
        #expect(lines.contains { $0.hasPrefix("trace") })
        #expect(errorTexts.count == 3)
        for secret in secrets {
            #expect(!lines.contains { $0.contains(secret) }, "a log line contains a secret")
            #expect(!errorTexts.contains { $0.contains(secret) }, "an error text contains a secret")
        }
    }
}
