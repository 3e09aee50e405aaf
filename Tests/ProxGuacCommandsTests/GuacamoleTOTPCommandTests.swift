import Foundation
import ProxGuacLab
import Testing

/// A Guacamole service account with TOTP, through the binary against the lab (short 2 s steps).
@Suite struct GuacamoleTOTPCommandTests {
    private func withTOTPLab(_ body: (Lab, CLITemporaryDirectory, String) throws -> Void) throws {
        let scenario = try LabScenario.defaultScenario()
        var options = LabOptions()
        options.totpPeriod = 2
        let lab = try Lab.start(scenario, options: options)
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        try directory.write("guac-totp", LabDemoCredentials.guacamoleTOTPAdminSecret + "\n")
        try directory.write("config.guacamole-password", LabDemoCredentials.guacamoleTOTPAdminPassword + "\n")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
        var guacamole = object["guacamole"] as? [String: Any] ?? [:]
        guacamole["username"] = LabDemoCredentials.guacamoleTOTPAdmin
        guacamole["totpSecretFile"] = directory.path + "/guac-totp"
        guacamole["totpPeriod"] = 2
        object["guacamole"] = guacamole
        try directory.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        try body(lab, directory, config)
    }

    @Test func aTimerRunAndAnInteractiveRunEachAnswerTheChallengeWithTheirOwnStep() throws {
        try withTOTPLab { lab, directory, config in
            let sync = try ProxGuacBinary.run(["auto", "--config", config], in: directory.path)
            #expect(sync.status == 0, "\(sync.stderr)")
            let list = try ProxGuacBinary.run(["list", "--config", config], in: directory.path)
            #expect(list.status == 0, "\(list.stderr)")
            let steps = lab.guacamoleTOTPStepsAccepted(LabDemoCredentials.guacamoleTOTPAdmin)
            #expect(steps.count == 2 && Set(steps).count == 2, "\(steps)")
            for output in [sync.stdout, sync.stderr, list.stdout, list.stderr] {
                #expect(!output.contains(LabDemoCredentials.guacamoleTOTPAdminSecret))
            }
            let record = try String(contentsOfFile: directory.path + "/config.state/guacamole-totp-steps", encoding: .utf8)
            #expect(record.contains(LabDemoCredentials.guacamoleTOTPAdmin))
        }
    }

    @Test func aSecretThatIsNotBase32IsRefusedWithoutShowingIt() throws {
        try withTOTPLab { _, directory, config in
            try directory.write("guac-totp", "not-base32-secret-1!\n")
            let result = try ProxGuacBinary.run(["list", "--config", config], in: directory.path)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("totpSecretFile") && result.stderr.contains("base32"), "\(result.stderr)")
            #expect(!result.stderr.contains("not-base32-secret-1!"))
        }
    }

    @Test func withoutTheSecretTheErrorNamesTheSetting() throws {
        try withTOTPLab { _, directory, config in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
            var guacamole = object["guacamole"] as? [String: Any] ?? [:]
            guacamole["totpSecretFile"] = nil
            guacamole["totpPeriod"] = nil
            object["guacamole"] = guacamole
            try directory.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            let result = try ProxGuacBinary.run(["list", "--config", config], in: directory.path)
            #expect(result.status != 0)
            #expect(result.stderr.contains("guacamole.totpSecretFile"), "\(result.stderr)")
        }
    }
}
