import ProxGuacCore

/// Files for the config parser, kept in memory: path -> (text, readable by group/others).
struct ConfigMemoryFiles: ConfigFileReading {
    var files: [String: (text: String, shared: Bool)] = [:]

    func readConfigFile(atPath path: String) throws(ConfigFileReadFailure) -> ConfigFileContents {
        guard let file = files[path] else { throw ConfigFileReadFailure(reason: "No such file or directory", isMissing: true) }
        return ConfigFileContents(text: file.text, isReadableByOthers: file.shared)
    }
}

/// A small valid config (API token auth, inline secrets) that tests modify one key at a time.
let configBaseDocument: JSONValue = .object([
    JSONMember("proxmox", .object([
        JSONMember("url", .string("https://pve.example.org:8006")),
        JSONMember("tokenId", .string("proxguac@pve!sync")),
        JSONMember("tokenSecret", .string("token-secret-value")),
    ])),
    JSONMember("guacamole", .object([
        JSONMember("url", .string("https://guac.example.org/guacamole")),
        JSONMember("username", .string("proxguac")),
        JSONMember("password", .string("guac-password-value")),
    ])),
])

/// The base config switched to password (ticket) login for Proxmox.
let configTicketDocument = configBaseDocument
    .removing("proxmox.tokenId").removing("proxmox.tokenSecret")
    .setting("proxmox.username", .string("root@pam")).setting("proxmox.password", .string("pve-password-value"))

/// The base config with one external host.
let configExternalDocument = configBaseDocument.setting("external", .array([.object([
    JSONMember("name", .string("nas")), JSONMember("host", .string("nas.example.org")),
    JSONMember("protocols", .array([.string("ssh")])), JSONMember("username", .string("admin")),
    JSONMember("password", .string("nas-password-value")),
])]))

let configTestEnvironment = ["HOME": "/home/tester"]

/// Parses a document through the real text path (serialise, then parse).
func parseConfig(
    _ document: JSONValue, environment: [String: String] = configTestEnvironment, files: ConfigMemoryFiles = .init()
) throws(ConfigError) -> ParsedConfig {
    try parseConfigText(JSONWriter.pretty(document), environment: environment, files: files)
}

func parseConfigText(
    _ text: String, environment: [String: String] = configTestEnvironment, files: ConfigMemoryFiles = .init()
) throws(ConfigError) -> ParsedConfig {
    let context = ConfigParseContext(fileName: "config.json", directory: "/etc/proxguac", environment: environment, files: files)
    return try ConfigParser.parse(text, context: context)
}

/// The error a document produces, or nil when it parses.
func configError(_ document: JSONValue, environment: [String: String] = configTestEnvironment, files: ConfigMemoryFiles = .init()) -> ConfigError? {
    do {
        _ = try parseConfig(document, environment: environment, files: files)
        return nil
    } catch {
        return error
    }
}

extension JSONValue {
    /// A copy with the value at a dotted path (numbers index lists, e.g. `external.0.name`) set;
    /// missing objects on the way are created.
    func setting(_ path: String, _ value: JSONValue) -> JSONValue {
        updating(path.split(separator: ".").map(String.init)[...]) { _ in value }
    }

    /// A copy without the key at a dotted path.
    func removing(_ path: String) -> JSONValue {
        updating(path.split(separator: ".").map(String.init)[...]) { _ in nil }
    }

    private func updating(_ path: ArraySlice<String>, _ change: (JSONValue?) -> JSONValue?) -> JSONValue {
        guard let key = path.first else { return change(self) ?? .null }
        let rest = path.dropFirst()
        switch self {
        case .array(var items):
            guard let index = Int(key), items.indices.contains(index) else { return self }
            items[index] = rest.isEmpty ? (change(items[index]) ?? .null) : items[index].updating(rest, change)
            return .array(items)
        case .object(var members):
            let existing = members.firstIndex { $0.key == key }
            let current = existing.map { members[$0].value }
            let updated = rest.isEmpty ? change(current) : (current ?? .object([])).updating(rest, change)
            if let existing {
                if let updated { members[existing].value = updated } else { members.remove(at: existing) }
            } else if let updated {
                members.append(JSONMember(key, updated))
            }
            return .object(members)
        default:
            return JSONValue.object([]).updating(path, change)
        }
    }
}
