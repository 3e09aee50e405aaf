import Foundation
import ProxGuacLab
import Testing

/// TOTP logins and user-group grants on the emulated Guacamole.
@Suite("Guacamole TOTP and user groups")
struct GuacamoleAccountTests {
    static let groupPermissions = GuacClient.data + "/userGroups/\(LabDemoCredentials.guacamoleUserGroup)/permissions"

    private func login(_ lab: Lab, _ form: String) -> CurlResponse {
        Curl.request(lab.guacamoleURL + "/api/tokens", method: "POST", headers: ["Content-Type: application/x-www-form-urlencoded"],
                     body: form, caFile: lab.caFile)
    }

    @Test("a TOTP account without guac-totp gets 403 INSUFFICIENT_CREDENTIALS listing the field; the code lets it in")
    func totpChallenge() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let credentials = "username=\(LabDemoCredentials.guacamoleTOTPUser)&password=\(LabDemoCredentials.guacamoleTOTPPassword)"

        let challenge = login(lab, credentials)
        #expect(challenge.status == 403)
        #expect(challenge.object["type"] as? String == "INSUFFICIENT_CREDENTIALS")
        let expected = try #require(challenge.object["expected"] as? [[String: Any]])
        #expect(expected.map { $0["name"] as? String } == ["guac-totp"])
        #expect(expected.first?["type"] as? String == "GUAC_TOTP_CODE")
        #expect((challenge.object["translatableMessage"] as? [String: Any])?["key"] as? String == "TOTP.INFO_CODE_REQUIRED")
        #expect(challenge.object["authToken"] == nil)

        let wrongPassword = login(lab, "username=\(LabDemoCredentials.guacamoleTOTPUser)&password=wrong")
        #expect(wrongPassword.object["type"] as? String == "INVALID_CREDENTIALS", "the password is checked before TOTP")

        let wrongCode = login(lab, credentials + "&guac-totp=000000")
        #expect(wrongCode.status == 400)
        #expect(wrongCode.object["message"] as? String == "Provided TOTP code is not valid.")

        let code = try #require(LabTOTP.code(secret: LabDemoCredentials.guacamoleTOTPSecret))
        let accepted = login(lab, credentials + "&guac-totp=\(code)")
        #expect(accepted.status == 200)
        #expect((accepted.object["authToken"] as? String)?.count == 64)
        #expect(lab.guacamoleTOTPStepsAccepted(LabDemoCredentials.guacamoleTOTPUser).count == 1)
    }

    @Test("as the TOTP extension: a code is refused the second time, the previous step's code is still accepted")
    func totpCodesAreCheckedAgainstTheClockAndUsedOnce() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let credentials = "username=\(LabDemoCredentials.guacamoleTOTPUser)&password=\(LabDemoCredentials.guacamoleTOTPPassword)"
        let previous = try #require(LabTOTP.code(secret: LabDemoCredentials.guacamoleTOTPSecret, at: Date().addingTimeInterval(-30)))
        let first = login(lab, credentials + "&guac-totp=\(previous)")
        #expect(first.status == 200)
        let again = login(lab, credentials + "&guac-totp=\(previous)")
        #expect(again.status == 400)
        #expect(again.object["message"] as? String == "Provided TOTP code is not valid.")
        let old = try #require(LabTOTP.code(secret: LabDemoCredentials.guacamoleTOTPSecret, at: Date().addingTimeInterval(-120)))
        if old != previous, old != LabTOTP.code(secret: LabDemoCredentials.guacamoleTOTPSecret) {
            #expect(login(lab, credentials + "&guac-totp=\(old)").status == 400, "a code four steps old")
        }
    }

    @Test("PATCH on a user group's permissions answers 204 and GET shows the grant; deleting the object drops it")
    func userGroupGrant() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let admin = GuacClient(lab)
        let created = admin.call("POST", GuacamoleTests.connections, json: GuacamoleTests.connectionJSON(name: "web01-ssh")).object
        let id = try #require(created["identifier"] as? String)

        let grant = admin.call("PATCH", Self.groupPermissions, json: #"[{"op":"add","path":"/connectionPermissions/\#(id)","value":"READ"}]"#)
        #expect(grant.status == 204)
        let shown = admin.call("GET", Self.groupPermissions).object
        #expect((shown["connectionPermissions"] as? [String: [String]])?[id] == ["READ"])
        #expect(shown["systemPermissions"] as? [String] == [])
        #expect(lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup)?.connections[id] == ["READ"])

        #expect(admin.call("DELETE", GuacamoleTests.connections + "/\(id)").status == 204)
        #expect(lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup)?.connections.isEmpty == true)
    }

    @Test("an unknown user group gets 404 NOT_FOUND `Not found: \"<group>\"` on GET and PATCH; so does a non-admin")
    func unknownUserGroup() throws {
        let lab = try startDefaultLab()
        defer { lab.stop() }
        let admin = GuacClient(lab)
        let patch = #"[{"op":"add","path":"/connectionPermissions/1","value":"READ"}]"#
        for response in [admin.call("GET", GuacClient.data + "/userGroups/nobody/permissions"),
                         admin.call("PATCH", GuacClient.data + "/userGroups/nobody/permissions", json: patch)] {
            #expect(response.status == 404)
            #expect(response.object["type"] as? String == "NOT_FOUND")
            #expect(response.object["message"] as? String == "Not found: \"nobody\"")
        }
        let viewer = GuacClient(lab, username: LabDemoCredentials.guacamoleViewer, password: LabDemoCredentials.guacamoleViewerPassword)
        #expect(viewer.call("PATCH", Self.groupPermissions, json: patch).status == 404)
        #expect(lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup)?.connections.isEmpty == true)
        #expect(lab.guacamoleUserGroupGrants("nobody") == nil)
    }
}
