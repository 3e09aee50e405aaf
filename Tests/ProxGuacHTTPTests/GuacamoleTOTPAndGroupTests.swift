import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// A TOTP account's login and READ grants to user groups, over HTTPS against the lab.
@Suite struct GuacamoleTOTPAndGroupTests {
    @Test func aTOTPAccountGetsOneLineTellingToUseAServiceAccount() async throws {
        let fixture = try LabFixture()
        let guacamole = try fixture.guacamole(LabDemoCredentials.guacamoleTOTPUser, LabDemoCredentials.guacamoleTOTPPassword)
        let error = await #expect(throws: GuacamoleError.self) {
            _ = try await guacamole.connections()
        }
        guard case .totpRequired = error else {
            Issue.record("expected totpRequired, got \(String(describing: error))")
            return
        }
        let text = String(describing: error)
        #expect(text.contains("TOTP code"))
        #expect(text.contains("service account without TOTP"))
        #expect(text.contains("exempt"))
        #expect(!text.contains("\n"))
        #expect(!text.contains(LabDemoCredentials.guacamoleTOTPPassword))
        // The answer is final: no retry loop.
        #expect(fixture.served("POST /guacamole/api/tokens") == 1)
    }

    @Test func grantingReadToAUserGroupReachesTheGroup() async throws {
        let fixture = try LabFixture()
        let admin = try fixture.guacamole()
        let connection = try #require(
            try await admin.createConnection(GuacamoleConnection(name: "for-the-team", protocol: "ssh")).identifier)
        let group = try #require(try await admin.createConnectionGroup(GuacamoleConnectionGroup(name: "Team")).identifier)

        try await admin.grantRead(toUserGroup: LabDemoCredentials.guacamoleUserGroup, connections: [connection],
                                  connectionGroups: [group])

        let grants = fixture.lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup)
        #expect(grants?.connections == [connection: ["READ"]])
        #expect(grants?.connectionGroups == [group: ["READ"]])
        let read = try await admin.permissions(ofUserGroup: LabDemoCredentials.guacamoleUserGroup)
        #expect(read.connectionPermissions == [connection: ["READ"]])
        #expect(read.connectionGroupPermissions == [group: ["READ"]])
    }

    @Test func anUnknownUserGroupIsNamedWithTheSettingToFix() async throws {
        let fixture = try LabFixture()
        let admin = try fixture.guacamole()
        let connection = try #require(
            try await admin.createConnection(GuacamoleConnection(name: "nobody-sees", protocol: "ssh")).identifier)
        let error = await #expect(throws: GuacamoleError.self) {
            try await admin.grantRead(toUserGroup: "no such team", connections: [connection])
        }
        guard case .userGroupNotFound(let name) = error else {
            Issue.record("expected userGroupNotFound, got \(String(describing: error))")
            return
        }
        #expect(name == "no such team")
        #expect(String(describing: error).contains("sync.grant.groups"))
        let lookup = await #expect(throws: GuacamoleError.self) {
            _ = try await admin.permissions(ofUserGroup: "no such team")
        }
        guard case .userGroupNotFound = lookup else {
            Issue.record("expected userGroupNotFound, got \(String(describing: lookup))")
            return
        }
    }
}
