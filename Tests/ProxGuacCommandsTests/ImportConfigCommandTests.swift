import Foundation
import Testing

/// `proxguac import-config FILE` through the real binary (issue #15).
struct ImportConfigCommandTests {
    static let configPy = """
    class Config:
        GUAC_BASE_URL = "https://guac.example.org"
        GUAC_USERNAME = "guacadmin"
        GUAC_PASSWORD = "Gu4c-Secret-1"
        GUAC_WORKING_BASE_PATH = "/guacamole/api"
        PROXMOX_HOST = "pve.example.org"
        PROXMOX_PORT = 8006
        PROXMOX_TOKEN_ID = "root@pam!guac"
        PROXMOX_SECRET = "pve-Secret-2"
        ENCRYPTION_KEY = "legacy-Secret-3"
        DEFAULT_VNC_PORT = 5901
    """

    @Test func writesAValidConfigWithSecretsInPrivateFiles() async throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let source = try directory.write("old/config.py", Self.configPy, mode: 0o644)
        try FileManager.default.createDirectory(atPath: directory.path + "/new", withIntermediateDirectories: true)

        let result = try await runBinary(["import-config", source, "--output", "new/config.json"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        for secret in ["Gu4c-Secret-1", "pve-Secret-2", "legacy-Secret-3"] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
        #expect(result.stdout.contains("DEFAULT_VNC_PORT = 5901 is not carried over"))
        for (name, secret) in [("proxmox-token", "pve-Secret-2"), ("guacamole-password", "Gu4c-Secret-1"),
                               ("legacy-passphrase", "legacy-Secret-3"), ("config.json", nil)] {
            let path = directory.path + "/new/" + name
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
            if let secret { #expect(try String(contentsOfFile: path, encoding: .utf8) == secret + "\n") }
        }
        let config = try String(contentsOfFile: directory.path + "/new/config.json", encoding: .utf8)
        for secret in ["Gu4c-Secret-1", "pve-Secret-2", "legacy-Secret-3"] { #expect(!config.contains(secret)) }

        // The written config is accepted by proxguac as it is.
        let check = try await runBinary(["config", "check", "--config", "new/config.json"], in: directory.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // A second run never replaces the files.
        let again = try await runBinary(["import-config", source, "--output", "new/config.json"], in: directory.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
