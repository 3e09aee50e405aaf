/// `sync.defaults`: `preset` plus `rdp` / `vnc` / `ssh`, each with `parameters` and `attributes` maps.
extension ParseSession {
    static let defaultsKeys = ["preset", "rdp", "vnc", "ssh"]
    static let defaultsProtocolKeys = ["parameters", "attributes"]

    func connectionDefaults(_ section: ConfigObject) throws(ConfigError) -> ConnectionDefaults {
        guard let defaults = try section.object("defaults", knownKeys: Self.defaultsKeys) else { return ConnectionDefaults() }
        var errors = ConfigErrorCollector()  // every broken setting in one run
        var preset: ConnectionDefaultsPreset?
        errors.check { () throws(ConfigError) in
            guard let name = try defaults.string("preset", example: "\"proxmox-guacamole-sync\"") else { return }
            guard let known = ConnectionDefaultsPreset(rawValue: name) else {
                throw defaults.error(.invalidValue, "preset", "\"\(TerminalText.escaped(name))\" is not a known preset",
                                     fix: "use one of \(ConnectionDefaultsPreset.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            preset = known
        }
        var explicit: [GuestProtocol: ConnectionDefaults.Values] = [:]
        for proto in GuestProtocol.allCases {
            let block: ConfigObject?
            do throws(ConfigError) {
                block = try defaults.object(proto.rawValue, knownKeys: Self.defaultsProtocolKeys)
            } catch {
                errors.record(error)
                continue
            }
            guard let block else { continue }
            var values = ConnectionDefaults.Values()
            errors.check { () throws(ConfigError) in
                values.parameters = try templateMap(block, "parameters", reserved: ConnectionDefaults.reservedParameters)
            }
            errors.check { () throws(ConfigError) in values.attributes = try templateMap(block, "attributes", reserved: []) }
            explicit[proto] = values
        }
        try errors.throwIfAny()
        return ConnectionDefaults(preset: preset, explicit: explicit)
    }

    /// A `{"name": "value"}` map in the order written; values are templates (numbers and booleans are taken as text).
    private func templateMap(_ block: ConfigObject, _ key: String, reserved: Set<String>)
        throws(ConfigError) -> [(name: String, value: NameTemplate)]
    {
        guard let raw = block.raw(key) else { return [] }
        guard case .object(let members) = raw else {
            throw block.error(.wrongType, key, "expected an object of name: value, found \(raw.typeDescription)",
                              fix: "write it like {\"max-connections\": \"2\"}")
        }
        var result: [(name: String, value: NameTemplate)] = []
        for member in members {
            let path = "\(block.keyPath(key)).\(member.key)"
            guard !reserved.contains(member.key) else {
                throw ConfigError(.invalidValue, file: file, keyPath: path, problem: "proxguac sets this parameter from the notes",
                                  fix: "remove it (hostname, port, username, password and domain come from each entry)")
            }
            let text: String
            switch member.value {
            case .string(let value): text = value
            case .number(let literal): text = literal
            case .bool(let flag): text = flag ? "true" : "false"
            case .null: continue
            default:
                throw ConfigError(.wrongType, file: file, keyPath: path, problem: "expected a string, found \(member.value.typeDescription)",
                                  fix: "write it like \"\(member.key)\": \"value\"")
            }
            guard !text.trimmingWhitespace().isEmpty else { continue }
            do {
                result.append((name: member.key, value: try NameTemplate(text)))
            } catch {
                throw ConfigError(.invalidValue, file: file, keyPath: path, problem: "\(error)",
                                  fix: "use only template variables such as {user}, {vmname}, {vmid}, {node}")
            }
        }
        return result
    }
}
