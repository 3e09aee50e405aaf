import Foundation
import ProxGuacLab
import Testing
@testable import ProxGuacCommands

/// A config for a running lab, written into a temp dir with the secrets in their own files.
private struct LabAuthSetup {
    var tokenID = LabDemoCredentials.proxmoxTokenID
    var tokenSecret = LabDemoCredentials.proxmoxTokenSecret
    var guacamoleUser = LabDemoCredentials.guacamoleAdmin
    var guacamolePassword = LabDemoCredentials.guacamoleAdminPassword
    var proxmoxURL: String?
    var proxmoxTLS: String?
    var startStoppedForDiscovery = false
    var grantUsers: [String] = []
    var grantGroups: [String] = []

    /// Every secret the run could know; none may appear in its output. (The lab admin's password equals its
    /// user name, which the report shows, so that one cannot be searched for.)
    var secrets: [String] {
        [tokenSecret, guacamolePassword, LabDemoCredentials.proxmoxTokenSecret, LabDemoCredentials.proxmoxReadOnlyTokenSecret,
         LabDemoCredentials.guacamoleViewerPassword, LabDemoCredentials.guacamoleTOTPPassword].filter { $0 != LabDemoCredentials.guacamoleAdmin }
    }

    private static func jsonList(_ names: [String]) -> String {
        "[" + names.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    func run(_ lab: Lab, _ arguments: [String] = ["--json"]) throws -> ProxGuacBinary.Result {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pve-secret", tokenSecret)
        try directory.write("guac-password", guacamolePassword)
        let tls = "{\"caFile\": \"\(lab.caFile)\"}"
        let config = """
        {
          "proxmox": {"url": "\(proxmoxURL ?? lab.proxmoxURL)", "tokenId": "\(tokenID)", "tokenSecretFile": "pve-secret", "tls": \(proxmoxTLS ?? tls)},
          "guacamole": {"url": "\(lab.guacamoleURL)", "username": "\(guacamoleUser)", "passwordFile": "guac-password",
                        "dataSource": "postgresql", "tls": \(tls)},
          "network": {"startStoppedForDiscovery": \(startStoppedForDiscovery)},
          "sync": {"grant": {"users": \(Self.jsonList(grantUsers)), "groups": \(Self.jsonList(grantGroups))}}
        }
        """
        let path = try directory.write("config.json", config)
        return try ProxGuacBinary.run(["test-auth", "--config", path, "--color", "never"] + arguments, in: directory.path)
    }
}

/// The `--json` document's systems keyed by name.
private func systems(_ result: ProxGuacBinary.Result) throws -> [String: [String: Any]] {
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let list = try #require(document["systems"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: list.compactMap { system in (system["system"] as? String).map { ($0, system) } })
}

private func checks(_ system: [String: Any]?) -> [String: [String: Any]] {
    let list = system?["checks"] as? [[String: Any]] ?? []
    return Dictionary(uniqueKeysWithValues: list.compactMap { check in (check["name"] as? String).map { ($0, check) } })
}

private func expectNoSecret(_ result: ProxGuacBinary.Result, _ setup: LabAuthSetup) {
    for secret in setup.secrets {
        #expect(!result.stdout.contains(secret))
        #expect(!result.stderr.contains(secret))
    }
}

@Suite("proxguac test-auth")
struct TestAuthCommandTests {
    @Test("full-privilege token and Guacamole admin: exit 0, every check OK in --json, verified TLS")
    func fullPrivileges() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup()
        let result = try setup.run(lab)

        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let found = try systems(result)
        let proxmox = found["proxmox"]
        let guacamole = found["guacamole"]
        #expect(proxmox?["ok"] as? Bool == true)
        #expect(proxmox?["tls"] as? String == "verified")
        #expect(proxmox?["identity"] as? String == LabDemoCredentials.proxmoxTokenID)
        #expect((proxmox?["version"] as? String)?.hasPrefix("9.") == true)
        #expect(Set(checks(proxmox).keys) == ["VM.Audit", "VM.Config.Options", "VM.PowerMgmt", "VM.GuestAgent.Audit"])
        #expect(checks(proxmox).values.allSatisfy { $0["granted"] as? Bool == true })
        #expect(guacamole?["ok"] as? Bool == true)
        #expect(guacamole?["identity"] as? String == LabDemoCredentials.guacamoleAdmin)
        #expect(guacamole?["dataSource"] as? String == "postgresql")
        #expect(Set(checks(guacamole).keys) == ["CREATE_CONNECTION", "CREATE_CONNECTION_GROUP"])
        #expect(checks(guacamole).values.allSatisfy { $0["granted"] as? Bool == true })
        expectNoSecret(result, setup)
    }

    @Test("read-only token: exit 1, text names VM.Config.Options and the pveum line that grants it")
    func readOnlyToken() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(tokenID: LabDemoCredentials.proxmoxReadOnlyTokenID, tokenSecret: LabDemoCredentials.proxmoxReadOnlyTokenSecret)
        let result = try setup.run(lab, [])

        #expect(result.status == 1)
        #expect(result.stdout.contains("VM.Config.Options"))
        #expect(result.stdout.contains("MISSING"))
        #expect(result.stdout.contains("pveum role modify ProxGuac --append 1 --privs VM.Config.Options"))
        #expect(result.stdout.contains("pveum acl modify /vms --tokens '\(LabDemoCredentials.proxmoxReadOnlyTokenID)' --roles ProxGuac"))
        #expect(!result.stdout.contains("--privs VM.PowerMgmt"), "not needed without network.startStoppedForDiscovery")
        #expect(result.stderr.contains("problem"))
        #expect(!result.stderr.contains("\n\n"))
        expectNoSecret(result, setup)
    }

    @Test("PVE 8: the agent privilege is VM.Monitor, the role line is the PVE 7/8 one; VM.PowerMgmt needed when starting guests")
    func proxmoxEight() throws {
        var options = LabOptions()
        options.proxmoxVersion = "8.2"
        let lab = try Lab.start(try LabScenario.defaultScenario(), options: options)
        defer { lab.stop() }
        let setup = LabAuthSetup(tokenID: LabDemoCredentials.proxmoxReadOnlyTokenID, tokenSecret: LabDemoCredentials.proxmoxReadOnlyTokenSecret,
                                 startStoppedForDiscovery: true)
        let result = try setup.run(lab)

        #expect(result.status == 1)
        let proxmox = try systems(result)["proxmox"]
        let found = checks(proxmox)
        #expect(found["VM.Monitor"]?["granted"] as? Bool == true)
        #expect(found["VM.GuestAgent.Audit"] == nil)
        #expect(found["VM.Config.Options"]?["granted"] as? Bool == false)
        #expect(found["VM.Config.Options"]?["fix"] as? String == "pveum role modify ProxGuac --append 1 --privs VM.Config.Options")
        #expect(found["VM.PowerMgmt"]?["required"] as? Bool == true)
        #expect(found["VM.PowerMgmt"]?["fix"] as? String == "pveum role modify ProxGuac --append 1 --privs VM.PowerMgmt")
        let notes = proxmox?["notes"] as? [String] ?? []
        #expect(notes.contains("pveum role add ProxGuac --privs \"VM.Audit,VM.Config.Options,VM.PowerMgmt,VM.Monitor\""))
    }

    @Test("wrong Guacamole password: exit 1, Guacamole shown as reachable but not logged in, Proxmox still OK")
    func wrongGuacamolePassword() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(guacamolePassword: "not-the-password-81f3")
        let result = try setup.run(lab)

        #expect(result.status == 1)
        let found = try systems(result)
        #expect(found["proxmox"]?["ok"] as? Bool == true)
        let guacamole = found["guacamole"]
        #expect(guacamole?["reachable"] as? Bool == true)
        #expect(guacamole?["authenticated"] as? Bool == false)
        #expect((guacamole?["error"] as? String)?.contains("Guacamole rejected the login") == true)
        expectNoSecret(result, setup)
    }

    @Test("Guacamole account with TOTP: exit 1, one line saying it needs a TOTP code and to use a service account")
    func guacamoleTOTPAccount() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(guacamoleUser: LabDemoCredentials.guacamoleTOTPUser, guacamolePassword: LabDemoCredentials.guacamoleTOTPPassword)
        let json = try setup.run(lab)

        #expect(json.status == 1)
        let guacamole = try systems(json)["guacamole"]
        #expect(guacamole?["reachable"] as? Bool == true)
        #expect(guacamole?["authenticated"] as? Bool == false)
        let error = try #require(guacamole?["error"] as? String)
        #expect(error.contains("TOTP code"))
        #expect(error.contains("service account without TOTP"))
        let text = try setup.run(lab, [])
        #expect(text.status == 1)
        #expect(text.stdout.contains("service account without TOTP"))
        expectNoSecret(json, setup)
        expectNoSecret(text, setup)
    }

    @Test("sync.grant names: a known user and group are OK, an unknown group is MISSING with how to fix it")
    func grantees() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(grantUsers: [LabDemoCredentials.guacamoleViewer],
                                 grantGroups: [LabDemoCredentials.guacamoleUserGroup, "no-such-team"])
        let result = try setup.run(lab)

        #expect(result.status == 1)
        let found = checks(try systems(result)["guacamole"])
        #expect(found["user \(LabDemoCredentials.guacamoleViewer)"]?["granted"] as? Bool == true)
        #expect(found["user group \(LabDemoCredentials.guacamoleUserGroup)"]?["granted"] as? Bool == true)
        let unknown = found["user group no-such-team"]
        #expect(unknown?["granted"] as? Bool == false)
        #expect((unknown?["detail"] as? String)?.contains("no such user group") == true)
        #expect((unknown?["fix"] as? String)?.contains("remove it from sync.grant.groups") == true)
        let text = try setup.run(lab, [])
        #expect(text.stdout.contains("user group no-such-team"))
        #expect(text.stdout.contains("MISSING"))
        expectNoSecret(result, setup)
    }

    @Test("wrong Proxmox VE token secret: exit 1, Proxmox VE shown as reachable but not logged in, no privilege guessed")
    func wrongProxmoxSecret() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(tokenSecret: "11111111-2222-3333-4444-555555555555")
        let result = try setup.run(lab)

        #expect(result.status == 1)
        let proxmox = try systems(result)["proxmox"]
        #expect(proxmox?["reachable"] as? Bool == true)
        #expect(proxmox?["authenticated"] as? Bool == false)
        #expect((proxmox?["error"] as? String)?.contains("rejected the credentials") == true)
        #expect(checks(proxmox).isEmpty)
        expectNoSecret(result, setup)
    }

    @Test("Guacamole user without system permissions: exit 1 naming CREATE_CONNECTION and how to grant it")
    func guacamoleViewer() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(guacamoleUser: LabDemoCredentials.guacamoleViewer, guacamolePassword: LabDemoCredentials.guacamoleViewerPassword)
        let result = try setup.run(lab, [])

        #expect(result.status == 1)
        #expect(result.stdout.contains("CREATE_CONNECTION "))
        #expect(result.stdout.contains("CREATE_CONNECTION_GROUP"))
        #expect(result.stdout.contains("tick \"Create new connections\""))
        expectNoSecret(result, setup)
    }

    @Test("a pinned certificate is reported as pinned and passes")
    func pinnedCertificate() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(proxmoxTLS: "{\"fingerprint\": \"\(lab.fingerprint)\"}")
        let result = try setup.run(lab)

        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try systems(result)["proxmox"]?["tls"] as? String == "pinned")
        #expect(!result.stderr.contains("verify is false"))
    }

    @Test("unreachable Proxmox VE and tls.verify false: reported as not reachable, with a warning on stderr")
    func unreachableAndUnverified() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let setup = LabAuthSetup(proxmoxURL: "https://127.0.0.1:1", proxmoxTLS: "{\"verify\": false}")
        let result = try setup.run(lab)

        #expect(result.status == 1)
        #expect(result.stderr.contains("proxmox.tls.verify is false"))
        let proxmox = try systems(result)["proxmox"]
        #expect(proxmox?["reachable"] as? Bool == false)
        #expect(proxmox?["tls"] as? String == "unverified")
        #expect(proxmox?["error"] is String)
        expectNoSecret(result, setup)
    }

    @Test("VM.PowerMgmt is needed only with network.startStoppedForDiscovery; PVE 9 accepts either agent privilege")
    func requirementsFollowConfigAndVersion() {
        let off = ProxmoxPrivilegeRequirements.required(pveMajor: 9, startStoppedForDiscovery: false)
        #expect(off.first { $0.privilege == "VM.PowerMgmt" }?.required == false)
        let on = ProxmoxPrivilegeRequirements.required(pveMajor: 9, startStoppedForDiscovery: true)
        #expect(on.first { $0.privilege == "VM.PowerMgmt" }?.required == true)
        #expect(on.first { $0.privilege == "VM.GuestAgent.Audit" }?.acceptable.contains("VM.GuestAgent.Unrestricted") == true)
        #expect(ProxmoxPrivilegeRequirements.required(pveMajor: 7, startStoppedForDiscovery: false).contains { $0.privilege == "VM.Monitor" })
    }
}
