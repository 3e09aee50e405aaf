import Testing

/// Issue 19 through the real binary: a config with one error in each section prints all of them in one run, exit 2.
@Suite("Config errors of every section in one run (binary)")
struct ConfigEveryErrorCommandTests {
    @Test("one broken setting per section: every one is printed, one line each, exit 2, no secret or query echoed")
    func oneErrorPerSection() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        try directory.write("broken.json", """
        {
          "proxmox": {"url": "https://pve.example.org:8006/?ticket=SECRET-Q1", "tokenId": "proxguac@pve!sync", "tokenSecret": "SECRET-T2"},
          "guacamole": {"url": "https://guac.example.org/guacamole", "username": 3, "password": "SECRET-P3"},
          "encryption": {"previousKeyFiles": "old.key"},
          "sync": {"onDrift": "sometimes"},
          "external": [{"name": "nas", "host": "nas.example.org", "protocols": "ssh", "username": "admin", "password": "SECRET-N4", "port": 0}],
          "network": {"sweepRate": 0},
          "http": {"timeoutMs": 1}
        }
        """)
        let result = try ProxGuacBinary.run(["config", "check", "--config", "broken.json"], in: directory.path)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let expected = ["proxmox.url", "guacamole.username", "encryption.previousKeyFiles", "sync.onDrift", "external[0].port",
                        "network.sweepRate", "http.timeoutMs"]
        for keyPath in expected {
            #expect(lines.filter { $0.contains("broken.json: \(keyPath): ") }.count == 1, "\(keyPath) missing in: \(result.stderr)")
        }
        #expect(!(result.stdout + result.stderr).contains("SECRET"), "\(result.stderr)")
    }
}
