import ProxGuacCommands
import ProxGuacCore
import Testing

/// In-memory files for the loader: path -> (text, readable by group/others).
struct LoaderMemoryFiles: ConfigFileReading {
    var files: [String: (text: String, shared: Bool)]

    func readConfigFile(atPath path: String) throws(ConfigFileReadFailure) -> ConfigFileContents {
        guard let file = files[path] else { throw ConfigFileReadFailure(reason: "No such file or directory", isMissing: true) }
        return ConfigFileContents(text: file.text, isReadableByOthers: file.shared)
    }
}

@Suite("Config loader: search order and file checks")
struct ConfigLoaderTests {
    /// A valid config whose Guacamole user name tells the tests which file was loaded.
    static func config(named name: String) -> String {
        """
        {"proxmox": {"url": "https://pve.example.org", "tokenId": "a@pve!tok", "tokenSecret": "s1"},
         "guacamole": {"url": "https://guac.example.org/guacamole", "username": "\(name)", "password": "s2"}}
        """
    }

    static let cwd = "config.json"
    static let xdg = "/xdg/proxguac/config.json"
    static let home = "/home/u/.config/proxguac/config.json"
    static let system = "/etc/proxguac/config.json"
    static let explicit = "/opt/explicit.json"
    static let named = "/opt/named.json"

    @Test("the first existing file in the search order wins", arguments: [
        ([cwd, xdg, home, system, explicit, named], ["XDG_CONFIG_HOME": "/xdg"], explicit, explicit),
        ([cwd, xdg, system, named], ["XDG_CONFIG_HOME": "/xdg", "PROXGUAC_CONFIG": named], nil, named),
        ([cwd, xdg, home, system], ["XDG_CONFIG_HOME": "/xdg"], nil, cwd),
        ([xdg, home, system], ["XDG_CONFIG_HOME": "/xdg"], nil, xdg),
        ([xdg, home, system], [:], nil, home),
        ([home, system], ["XDG_CONFIG_HOME": "relative/dir"], nil, home),
        ([system], [:], nil, system),
    ] as [([String], [String: String], String?, String)])
    func searchOrder(existing: [String], environment: [String: String], explicitPath: String?, expected: String) throws {
        let files = LoaderMemoryFiles(files: Dictionary(uniqueKeysWithValues: existing.map { ($0, (Self.config(named: $0), false)) }))
        let loader = ConfigLoader(environment: environment.merging(["HOME": "/home/u"]) { a, _ in a }, files: files)
        let loaded = try loader.load(explicitPath: explicitPath)
        #expect(loaded.path == expected)
        #expect(loaded.config.guacamole.username == expected)
    }

    @Test("an explicit --config file that is missing is an error even if others exist")
    func explicitMissing() throws {
        let loader = ConfigLoader(environment: ["HOME": "/home/u"], files: LoaderMemoryFiles(files: [Self.cwd: (Self.config(named: "x"), false)]))
        #expect(throws: ConfigError.self) { try loader.load(explicitPath: "/missing.json") }
        do {
            _ = try loader.load(explicitPath: "/missing.json")
        } catch {
            #expect(error.description == "/missing.json: cannot read the config file named by --config (No such file or directory): fix the path, or copy config.example.json there")
            #expect(error.exitCode == 2)
        }
    }

    @Test("a config file readable by others warns with chmod 600 FILE")
    func sharedConfigWarns() throws {
        let loader = ConfigLoader(environment: ["HOME": "/home/u"], files: LoaderMemoryFiles(files: [Self.system: (Self.config(named: "x"), true)]))
        let loaded = try loader.load()
        #expect(loaded.warnings.map(\.description) == ["\(Self.system): readable by group or others and may hold secrets: chmod 600 \(Self.system)"])
    }

    @Test("relative secret paths are resolved next to the config file that was found")
    func relativeToConfigDirectory() throws {
        let text = Self.config(named: "x").replacingOccurrences(of: "\"tokenSecret\": \"s1\"", with: "\"tokenSecretFile\": \"token\"")
        let loader = ConfigLoader(environment: ["HOME": "/home/u"],
                                  files: LoaderMemoryFiles(files: [Self.system: (text, false), "/etc/proxguac/token": ("t0k", false)]))
        let config = try loader.load().config
        #expect(config.proxmox.auth.secret.secret.value == "t0k")
        #expect(config.proxmox.auth.secret.origin == .file(path: "/etc/proxguac/token"))
    }

    @Test("LocalConfigFiles reports permissions, missing files and directories like the file system does")
    func localFiles() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let privateFile = try directory.write("private", "a", mode: 0o600)
        let sharedFile = try directory.write("shared", "b", mode: 0o640)
        let files = LocalConfigFiles()
        #expect(try files.readConfigFile(atPath: privateFile) == ConfigFileContents(text: "a", isReadableByOthers: false))
        #expect(try files.readConfigFile(atPath: sharedFile) == ConfigFileContents(text: "b", isReadableByOthers: true))
        #expect(throws: ConfigFileReadFailure(reason: "No such file or directory", isMissing: true)) {
            try files.readConfigFile(atPath: directory.path + "/none")
        }
        #expect(throws: ConfigFileReadFailure(reason: "not a regular file")) { try files.readConfigFile(atPath: directory.path) }
    }
}
