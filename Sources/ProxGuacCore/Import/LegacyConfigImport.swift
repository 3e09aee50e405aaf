/// Turns Proxmox-Guacamole-Sync's `config.py` into a proxguac config (`proxguac import-config`).
///
/// Secrets (`PROXMOX_SECRET`, `GUAC_PASSWORD`, `ENCRYPTION_KEY`) never go into the JSON: they are returned
/// as files to write beside it (mode 0600) and the config names them. Whatever cannot be carried over is
/// listed, one line each, without its value.
public struct LegacyConfigImport: Sendable {
    /// A secret to write into `fileName` beside the config.
    public struct SecretFile: Sendable {
        public let fileName: String
        public let secret: Secret
        public let configKey: String
    }

    public let config: JSONValue
    public let secretFiles: [SecretFile]
    /// One line each: what was not carried over, or needs a look.
    public let notCarried: [String]

    /// Names the original reads that proxguac carries (or deliberately drops as derived).
    static let handled: Set<String> = [
        "GUAC_BASE_URL", "GUAC_USERNAME", "GUAC_PASSWORD", "GUAC_DATA_SOURCE", "GUAC_WORKING_BASE_PATH",
        "GUAC_WORKING_DATA_SOURCE", "PROXMOX_HOST", "PROXMOX_PORT", "PROXMOX_TOKEN_ID", "PROXMOX_SECRET",
        "DEFAULT_RDP_PORT", "DEFAULT_VNC_PORT", "DEFAULT_SSH_PORT", "DEFAULT_VNC_COLOR_DEPTH", "DEFAULT_VNC_ENCODING",
        "ENCRYPTION_KEY",
    ]

    /// `directory` is where the config and its secret files will be written (absolute).
    public init(source: String, directory: String) {
        let assignments = PythonAssignments(source: source)
        var notes: [String] = assignments.unreadable.map { "\($0.name) (line \($0.line)) \($0.problem): set it by hand" }
        let unreadable = Set(assignments.unreadable.map(\.name))
        var secrets: [SecretFile] = []
        func text(_ name: String) -> String? {
            guard let value = assignments[name] else { return nil }
            guard let text = value.text, !text.trimmingWhitespace().isEmpty else {
                if value != .none { notes.append("\(name) is not text: set it by hand") }
                return nil
            }
            return text.trimmingWhitespace()
        }
        func secret(_ name: String, file: String, key: String) -> String? {
            guard let value = text(name) else { return nil }
            secrets.append(SecretFile(fileName: file, secret: Secret(value), configKey: key))
            return directory + "/" + file
        }

        var proxmox: [JSONMember] = []
        if let host = text("PROXMOX_HOST") {
            let port = text("PROXMOX_PORT") ?? "8006"
            let bare = host.hasPrefix("https://") ? String(host.dropFirst(8)) : host
            proxmox.append(JSONMember("url", .string("https://\(bare.split(separator: "/").first.map(String.init) ?? bare)"
                + (bare.contains(":") ? "" : ":\(port)"))))
        } else {
            notes.append("PROXMOX_HOST is missing: set proxmox.url")
        }
        if let token = text("PROXMOX_TOKEN_ID") { proxmox.append(JSONMember("tokenId", .string(token))) }
        else { notes.append("PROXMOX_TOKEN_ID is missing: set proxmox.tokenId") }
        if let path = secret("PROXMOX_SECRET", file: "proxmox-token", key: "proxmox.tokenSecretFile") {
            proxmox.append(JSONMember("tokenSecretFile", .string(path)))
        } else {
            notes.append("PROXMOX_SECRET is missing: put the token secret in a file and set proxmox.tokenSecretFile")
        }

        var guacamole: [JSONMember] = []
        if let url = text("GUAC_BASE_URL") {
            var base = url
            while base.hasSuffix("/") { base.removeLast() }
            let path = text("GUAC_WORKING_BASE_PATH")
            // The original tried /guacamole/api and /api; the path that worked tells where the web app lives.
            if path == "/guacamole/api", !base.hasSuffix("/guacamole") { base += "/guacamole" }
            guacamole.append(JSONMember("url", .string(base)))
            if path == nil && !base.hasSuffix("/guacamole") {
                notes.append("guacamole.url is \(base): if Guacamole answers under /guacamole, add it (`proxguac test-auth` tells)")
            }
        } else {
            notes.append("GUAC_BASE_URL is missing: set guacamole.url")
        }
        if let user = text("GUAC_USERNAME") { guacamole.append(JSONMember("username", .string(user))) }
        else { notes.append("GUAC_USERNAME is missing: set guacamole.username") }
        if let path = secret("GUAC_PASSWORD", file: "guacamole-password", key: "guacamole.passwordFile") {
            guacamole.append(JSONMember("passwordFile", .string(path)))
        } else {
            notes.append("GUAC_PASSWORD is missing: put the password in a file and set guacamole.passwordFile")
        }
        if let source = text("GUAC_WORKING_DATA_SOURCE") ?? text("GUAC_DATA_SOURCE") {
            guacamole.append(JSONMember("dataSource", .string(source)))
        }

        var encryption: [JSONMember] = []
        if let path = secret("ENCRYPTION_KEY", file: "legacy-passphrase", key: "encryption.legacyPassphraseFile") {
            encryption.append(JSONMember("legacyPassphraseFile", .string(path)))
        }

        var vncParameters: [JSONMember] = []
        if let depth = text("DEFAULT_VNC_COLOR_DEPTH"), depth != "32" { vncParameters.append(JSONMember("color-depth", .string(depth))) }
        if let encoding = text("DEFAULT_VNC_ENCODING"), encoding != "tight" { vncParameters.append(JSONMember("encoding", .string(encoding))) }
        var defaults = [JSONMember("preset", .string(ConnectionDefaultsPreset.proxmoxGuacamoleSync.rawValue))]
        if !vncParameters.isEmpty { defaults.append(JSONMember("vnc", .object([JSONMember("parameters", .object(vncParameters))]))) }
        for (name, proto) in [("DEFAULT_RDP_PORT", GuestProtocol.rdp), ("DEFAULT_VNC_PORT", .vnc), ("DEFAULT_SSH_PORT", .ssh)] {
            if let port = text(name), port != String(proto.defaultPort) {
                notes.append("\(name) = \(port) is not carried over: proxguac's default \(proto.rawValue) port is \(proto.defaultPort); "
                    + "write \(proto.rawValue)_port:\"\(port)\" in the entries that need it")
            }
        }
        for (name, _, line) in assignments.values where !Self.handled.contains(name) && !notes.contains(where: { $0.hasPrefix(name + " ") }) {
            notes.append("\(name) (line \(line)) has no proxguac counterpart: not carried over")
        }
        notes.append("the original did not check TLS certificates; proxguac does: for self-signed ones set proxmox.tls / "
            + "guacamole.tls (caFile or fingerprint), see docs/configuration.md")

        var members = [JSONMember("proxmox", .object(proxmox)), JSONMember("guacamole", .object(guacamole))]
        if !encryption.isEmpty { members.append(JSONMember("encryption", .object(encryption))) }
        members.append(JSONMember("sync", .object([JSONMember("defaults", .object(defaults))])))
        config = .object(members)
        secretFiles = secrets
        // A name that could not be read is said once, not again as missing.
        notCarried = notes.filter { line in
            !(line.contains(" is missing") && unreadable.contains { line.hasPrefix($0 + " ") })
        }
    }
}
