import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Login, data source choice, token renewal, logout and permissions.
@Suite struct GuacamoleSessionTests {
    @Test func loginPicksTheDatabaseDataSource() async throws {
        let fixture = try LabFixture()
        #expect(try await fixture.guacamole().login() == "postgresql")
    }

    @Test func aConfiguredDataSourceMustBeOffered() async throws {
        let fixture = try LabFixture()
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await fixture.guacamole(dataSource: "mysql").login()
        }
        guard case .dataSourceUnavailable(let requested, let available) = error else {
            Issue.record("expected dataSourceUnavailable, got \(String(describing: error))")
            return
        }
        #expect(requested == "mysql")
        #expect(available.contains("postgresql"))
    }

    @Test func aWrongPasswordIsRejectedCredentials() async throws {
        let fixture = try LabFixture()
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await fixture.guacamole(LabCredentials.guacamoleAdmin, "wrong").connections()
        }
        guard case .invalidCredentials(let message) = error else {
            Issue.record("expected invalidCredentials, got \(String(describing: error))")
            return
        }
        #expect(message == "Invalid login")
        #expect(fixture.served("POST /guacamole/api/tokens") == 1)
    }

    @Test func anExpiredTokenIsRenewedOnceAndTheRequestReplayed() async throws {
        var options = LabOptions()
        options.faults = LabFaults(guacamoleTokenExpiresAfterRequests: 2)
        let fixture = try LabFixture(options)
        let guacamole = try fixture.guacamole()
        let created = try await guacamole.createConnection(
            GuacamoleConnection(name: "renewed", protocol: "vnc", parameters: ["hostname": "198.51.100.30"]))
        for _ in 0..<4 {
            #expect(try await guacamole.connections()[try #require(created.identifier)]?.name == "renewed")
        }
        // 5 calls, 2 per token: logins at the 1st, 3rd and 5th call.
        #expect(fixture.served("POST /guacamole/api/tokens") == 3)
    }

    @Test("concurrent requests whose shared fresh token expires before they use it log in again and all succeed")
    func concurrentRequestsSurviveATokenThatExpiresAtOnce() async throws {
        var options = LabOptions()
        options.faults = LabFaults(guacamoleTokenExpiresAfterRequests: 1)
        let fixture = try LabFixture(options)
        let guacamole = try fixture.guacamole()
        let failures = await withTaskGroup(of: String?.self) { group in
            // One request per token and 4 at once: in the worst case the last one needs 3 fresh tokens.
            for _ in 0..<4 {
                group.addTask {
                    do {
                        _ = try await guacamole.connections()
                        return nil
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
        }
        #expect(failures.isEmpty)
        #expect(fixture.served("POST /guacamole/api/tokens") <= 4 * (GuacamoleClient.maximumTokenReplays + 1))
    }

    @Test func aRefusedOperationIsNotMistakenForAnExpiredToken() async throws {
        let fixture = try LabFixture()
        let viewer = try fixture.guacamole(LabCredentials.guacamoleViewer, LabCredentials.guacamoleViewerPassword)
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await viewer.createConnection(GuacamoleConnection(name: "nope", protocol: "ssh"))
        }
        guard case .permissionDenied = error else {
            Issue.record("expected permissionDenied, got \(String(describing: error))")
            return
        }
        #expect(fixture.served("POST /guacamole/api/tokens") == 1)
    }

    @Test func logoutEndsTheSessionAndTheNextCallLogsInAgain() async throws {
        let fixture = try LabFixture()
        let guacamole = try fixture.guacamole()
        try await guacamole.login()
        try await guacamole.logout()
        try await guacamole.logout()  // nothing to end: no request
        #expect(fixture.served("DELETE /guacamole/api/session") == 1)
        _ = try await guacamole.connections()
        #expect(fixture.served("POST /guacamole/api/tokens") == 2)
    }

    @Test func grantingReadLetsAnotherUserSeeTheConnection() async throws {
        let fixture = try LabFixture()
        let admin = try fixture.guacamole()
        let viewer = try fixture.guacamole(LabCredentials.guacamoleViewer, LabCredentials.guacamoleViewerPassword)
        let adminPermissions = try await admin.selfPermissions()
        #expect(adminPermissions.isAdministrator)
        #expect(!(try await viewer.selfPermissions()).canCreateConnections)

        let id = try #require(
            try await admin.createConnection(GuacamoleConnection(name: "shared", protocol: "rdp")).identifier)
        #expect(try await viewer.connections()[id] == nil)
        try await admin.grantRead(toUser: LabCredentials.guacamoleViewer, connections: [id])
        #expect(try await viewer.connections()[id]?.name == "shared")
        #expect(try await viewer.selfPermissions().connectionPermissions[id] == ["READ"])
    }
}
