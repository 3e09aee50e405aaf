import Testing
@testable import ProxGuacCore

/// `proxguac import-config` (issue #15): Proxmox-Guacamole-Sync's config.py read as literals, never run.
struct LegacyConfigImportTests {
    /// The shape of the original's config_example.py (class Config, comments, a property method).
    static let original = #"""
    #!/usr/bin/env python3
    """
    Example configuration file for Guacamole VM Manager
      user:"admin" pass:"password123" protos:"rdp,vnc,ssh";
    """

    class Config:
        """Configuration class for API endpoints and credentials"""

        # Guacamole Configuration
        GUAC_BASE_URL = "https://guac.example.org"
        GUAC_USERNAME = 'guacadmin'
        GUAC_PASSWORD = "Gu4c-\"pw\""
        GUAC_DATA_SOURCE = "mysql"  # or "postgresql", "sqlserver"
        GUAC_WORKING_BASE_PATH = None  # "/api" or "/guacamole/api"
        GUAC_WORKING_DATA_SOURCE = None
        PROXMOX_HOST = "pve.example.org"  # Your Proxmox server IP
        PROXMOX_PORT = 8006
        PROXMOX_TOKEN_ID = "root@pam!guac"
        PROXMOX_SECRET = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc"
        DEFAULT_RDP_PORT = 3389
        DEFAULT_VNC_PORT = 5900
        DEFAULT_SSH_PORT = 2222
        DEFAULT_VNC_COLOR_DEPTH = "32"
        DEFAULT_VNC_ENCODING = "tight"
        ENCRYPTION_KEY = ("correct horse "
                          'battery staple')

        @property
        def proxmox_base_url(self):
            INSIDE = "not read"
            return f"https://{self.PROXMOX_HOST}:{self.PROXMOX_PORT}/api2/json"
    """#

    @Test func literalsAreReadWithoutRunningAnything() {
        let source = """
        A = 'x' "y"
        B = [1, -2, 3.5, None, True, False, {'k': ("v",)}]
        C = {"a": r'c:\\x', "b": '''multi
        line'''}
        D = os.environ["X"]
        E = f"{A}"
        F = 1 + 2
        """
        let parsed = PythonAssignments(source: source)
        #expect(parsed["A"] == .string("xy"))
        #expect(parsed["B"] == .list([.integer(1), .integer(-2), .float("3.5"), .none, .bool(true), .bool(false),
                                      .dict([(key: .string("k"), value: .list([.string("v")]))])]))
        #expect(parsed["C"] == .dict([(key: .string("a"), value: .string(#"c:\x"#)), (key: .string("b"), value: .string("multi\nline"))]))
        #expect(parsed.unreadable.map(\.name) == ["D", "E", "F"])
        #expect(parsed.unreadable.map(\.line) == [5, 6, 7])
    }

    @Test func theOriginalsConfigBecomesAProxguacConfig() throws {
        let imported = LegacyConfigImport(source: Self.original, directory: "/etc/proxguac")
        let text = JSONWriter.pretty(imported.config)
        for secret in ["Gu4c-", "0f1e2d3c", "correct horse"] { #expect(!text.contains(secret), "no secret in the config") }
        #expect(imported.secretFiles.map(\.fileName) == ["proxmox-token", "guacamole-password", "legacy-passphrase"])
        #expect(imported.secretFiles.map(\.secret.value) == ["0f1e2d3c-aaaa-bbbb-cccc-123456789abc", #"Gu4c-"pw""#, "correct horse battery staple"])

        // The result is a valid proxguac config once its secret files exist.
        var files = ConfigMemoryFiles()
        for secret in imported.secretFiles { files.files["/etc/proxguac/" + secret.fileName] = (secret.secret.value, false) }
        let config = try parseConfigText(text, files: files).config
        #expect(config.proxmox.url.absoluteString == "https://pve.example.org:8006")
        #expect(config.guacamole.url.absoluteString == "https://guac.example.org")
        #expect(config.guacamole.username == "guacadmin")
        #expect(config.encryption.legacyPassphraseFile == "/etc/proxguac/legacy-passphrase")
        #expect(config.sync.defaults.preset == .proxmoxGuacamoleSync)

        let lines = imported.notCarried.joined(separator: "\n")
        #expect(lines.contains("DEFAULT_SSH_PORT = 2222 is not carried over"))
        #expect(lines.contains("guacamole.url is https://guac.example.org: if Guacamole answers under /guacamole"))
        #expect(!lines.contains("INSIDE"), "a method's body is not read")
        #expect(!lines.contains("DEFAULT_RDP_PORT"), "default values carry over silently")
    }

    @Test func whatCannotBeCarriedIsSaidWithoutItsValue() {
        let source = """
        class Config:
            PROXMOX_SECRET = os.environ.get("PVE_SECRET", "fallback-secret")
            GUAC_WORKING_BASE_PATH = "/guacamole/api"
            GUAC_BASE_URL = "https://guac.example.org/"
            SOMETHING_ELSE = 5
        """
        let imported = LegacyConfigImport(source: source, directory: "/x")
        let lines = imported.notCarried.joined(separator: "\n")
        #expect(lines.contains("PROXMOX_SECRET (line 2) is computed"))
        #expect(!lines.contains("fallback-secret"))
        #expect(!lines.contains("PROXMOX_SECRET is missing"), "said once")
        #expect(lines.contains("SOMETHING_ELSE (line 5) has no proxguac counterpart"))
        #expect(lines.contains("GUAC_USERNAME is missing"))
        #expect(JSONWriter.pretty(imported.config).contains(#""url": "https:\/\/guac.example.org\/guacamole""#)
                || JSONWriter.pretty(imported.config).contains(#""url": "https://guac.example.org/guacamole""#))
    }
}
