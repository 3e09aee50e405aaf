import Foundation
import ProxGuacLab
import Testing

/// `tls.verify` without `caFile` (a publicly trusted certificate): the system CA store, which `SSL_CERT_FILE`
/// can point at. Through the binary against the lab, whose CA joins the system bundle only when a test says so.
@Suite struct SystemTrustStoreCommandTests {
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// Runs `list` with both `tls` sections empty and `SSL_CERT_FILE` set to `bundle`.
    private func list(certificateNames: String? = nil, bundle: (Lab, CLITemporaryDirectory) throws -> String) throws
        -> ProxGuacBinary.Result
    {
        let scenario = try LabScenario.defaultScenario()
        var options = LabOptions()
        if let certificateNames { options.certificateNames = certificateNames }
        let lab = try Lab.start(scenario, options: options)
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any])
        for side in ["proxmox", "guacamole"] {
            var section = object[side] as? [String: Any] ?? [:]
            section["tls"] = [String: Any]()
            object[side] = section
        }
        try directory.write("config.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let path = try bundle(lab, directory)
        return try ProxGuacBinary.run(["list", "--config", config, "--color", "never"], in: directory.path,
                                      environment: ["SSL_CERT_FILE": path])
    }

    private func systemPlusLab(_ lab: Lab, _ directory: CLITemporaryDirectory) throws -> String {
        let system = (try? String(contentsOfFile: Self.systemBundle, encoding: .utf8)) ?? ""
        return try directory.write("bundle.pem", system + (try String(contentsOfFile: lab.caFile, encoding: .utf8)))
    }

    @Test func aCertificateInTheSystemBundleIsTrustedWithoutCAFile() throws {
        let result = try list(bundle: systemPlusLab)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func theSystemBundleAloneDoesNotTrustASelfSignedServer() throws {
        let result = try list { _, _ in Self.systemBundle }
        #expect(result.status != 0)
        #expect(result.stderr.contains("certificate not trusted"), "\(result.stderr)")
    }

    @Test func aSystemTrustedCertificateForAnotherHostIsRefused() throws {
        let result = try list(certificateNames: "DNS:guacamole.elsewhere.example", bundle: systemPlusLab)
        #expect(result.status != 0)
        #expect(result.stderr.contains("certificate not trusted"), "\(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1"), "\(result.stderr)")
    }

    @Test func anUnreadableSystemBundleIsNamedOnOneLine() throws {
        let result = try list { _, directory in directory.path + "/no-such-bundle.pem" }
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-bundle.pem"), "\(result.stderr)")
        #expect(result.stderr.contains("SSL_CERT_FILE"), "\(result.stderr)")
    }
}
