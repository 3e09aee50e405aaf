/// Writes entries in the notes syntax, the way proxguac adds them to a guest's notes.
public enum NotesRenderer {
    /// One entry on one line, keys in a fixed order, values double-quoted, ended by `;`.
    ///
    /// `NotesParser.parse(render(entry))` gives the entry back, provided its values have no line breaks,
    /// no leading or trailing white space, and setting values no `,`.
    public static func render(_ entry: CredentialEntry) -> String {
        var pairs: [(NotesField, String)] = [(.username, entry.username)]
        switch entry.password {
        case let .plain(secret): pairs.append((.password, secret.value))
        case let .encrypted(cipher): pairs.append((.encryptedPassword, cipher))
        case let .sshKey(name): pairs.append((.sshKey, name))
        }
        pairs.append((.protocols, entry.protocols.map(\.rawValue).joined(separator: ",")))
        for proto in entry.protocols {
            if let port = entry.ports[proto] { pairs.append((.portField(for: proto), String(port))) }
        }
        if let name = entry.connectionName { pairs.append((.connectionName, name.text)) }
        for proto in entry.protocols {
            let parameters = entry.parameters(for: proto)
            if !parameters.isEmpty { pairs.append((.settingsField(for: proto), settingsValue(parameters))) }
        }
        if let wakeOnLAN = entry.wakeOnLAN, wakeOnLAN != WakeOnLANSettings() {
            pairs.append((.wolSettings, wakeOnLANValue(wakeOnLAN)))
        }
        if entry.wakeOnLANDisabled { pairs.append((.wolDisabled, "true")) }
        if let host = entry.host { pairs.append((.host, host)) }
        if let domain = entry.domain { pairs.append((.domain, domain)) }
        if let group = entry.group { pairs.append((.group, group)) }
        return pairs.map { pair($0.0, $0.1) }.joined(separator: " ") + ";"
    }

    /// `key:"value"` with the preferred spelling of the key.
    static func pair(_ field: NotesField, _ value: String) -> String {
        field.preferredSpelling + ":" + quoted(value)
    }

    /// A double-quoted value: `"` and `\` are escaped with a backslash.
    public static func quoted(_ value: String) -> String {
        var result = "\""
        for character in value {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// `name=value,name=value`.
    static func settingsValue(_ parameters: [GuacamoleParameter]) -> String {
        parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    static func wakeOnLANValue(_ settings: WakeOnLANSettings) -> String {
        var items: [String] = []
        if let address = settings.broadcastAddress { items.append("broadcast-addr=\(address)") }
        if let port = settings.udpPort { items.append("udp-port=\(port)") }
        if let wait = settings.waitTimeSeconds { items.append("wait-time=\(wait)") }
        return items.joined(separator: ",")
    }
}
