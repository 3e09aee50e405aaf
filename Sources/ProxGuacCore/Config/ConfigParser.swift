import Foundation

/// What the parser needs besides the text: how to name the file in messages, where relative
/// paths start, the environment (secrets, `HOME`, `XDG_STATE_HOME`) and how to read files.
public struct ConfigParseContext: Sendable {
    /// The config file as shown in messages, e.g. `config.json`.
    public var fileName: String
    /// Directory that relative paths inside the config are resolved against (the config file's directory).
    public var directory: String
    public var environment: [String: String]
    public var files: any ConfigFileReading

    public init(fileName: String, directory: String, environment: [String: String], files: any ConfigFileReading) {
        self.fileName = fileName
        self.directory = directory
        self.environment = environment
        self.files = files
    }
}

/// A valid configuration plus the warnings to print on stderr.
public struct ParsedConfig: Sendable {
    public var config: ProxGuacConfig
    public var warnings: [ConfigWarning]
}

/// The strict config parser: JSON text in, a complete ``ProxGuacConfig`` out, or one ``ConfigError``.
///
/// Secrets are resolved here through ``ConfigParseContext/files`` and ``ConfigParseContext/environment``
/// with the precedence environment variable > `...File` > inline value; a lower source is not read
/// when a higher one is set.
public enum ConfigParser {
    public static func parse(_ text: String, context: ConfigParseContext) throws(ConfigError) -> ParsedConfig {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw ConfigError(.syntax, file: context.fileName, keyPath: nil, problem: "invalid JSON: \(error.message)",
                              fix: "fix the JSON syntax", line: error.line, column: error.column)
        }
        var session = ParseSession(context: context)
        let config = try session.config(document)
        return ParsedConfig(config: config, warnings: session.warnings)
    }
}

/// One parse: the context plus the warnings collected so far.
struct ParseSession {
    let context: ConfigParseContext
    var warnings: [ConfigWarning] = []

    init(context: ConfigParseContext) { self.context = context }

    var file: String { context.fileName }

    mutating func config(_ document: JSONValue) throws(ConfigError) -> ProxGuacConfig {
        let root = try ConfigObject(document, path: "", file: file,
                                    knownKeys: ["proxmox", "guacamole", "encryption", "sync", "external", "network", "http", "credentials"])
        // Each section is parsed even when an earlier one failed, so one run reports every broken section.
        var collected = ConfigErrorCollector()
        var clusters: [ProxmoxSettings]?
        do throws(ConfigError) { clusters = try proxmoxClusters(root) } catch { collected.record(error) }
        var guacamole: GuacamoleSettings?
        do throws(ConfigError) {
            guard let section = try root.object("guacamole", knownKeys: Self.guacamoleKeys) else { throw root.missing("guacamole") }
            guacamole = try guacamoleSettings(section)
        } catch { collected.record(error) }
        var encryption: EncryptionConfig?
        do throws(ConfigError) {
            encryption = try encryptionConfig(root.object("encryption", knownKeys: Self.encryptionKeys))
        } catch { collected.record(error) }
        var sync: SyncSettings?
        do throws(ConfigError) { sync = try syncSettings(root.object("sync", knownKeys: Self.syncKeys)) } catch { collected.record(error) }
        var external: [ExternalHost]?
        do throws(ConfigError) { external = try externalHosts(root) } catch { collected.record(error) }
        var network: NetworkSettings?
        do throws(ConfigError) { network = try networkSettings(root.object("network", knownKeys: Self.networkKeys)) } catch { collected.record(error) }
        var http: HTTPSettings?
        do throws(ConfigError) { http = try httpSettings(root.object("http", knownKeys: Self.httpKeys)) } catch { collected.record(error) }
        var credentials: CredentialsSettings?
        do throws(ConfigError) {
            credentials = try credentialsSettings(root.object("credentials", knownKeys: Self.credentialsKeys))
        } catch { collected.record(error) }
        try collected.throwIfAny()
        guard let credentials, let clusters, let proxmox = clusters.first, let guacamole, let encryption, let sync, let external, let network, let http else {
            throw root.missing("proxmox")  // not reached: every nil comes with a recorded error
        }
        var config = ProxGuacConfig(proxmox: proxmox, guacamole: guacamole, encryption: encryption, sync: sync,
                                    external: external, network: network, http: http, credentials: credentials)
        config.clusters = clusters
        if sync.groupPerCluster == true, clusters.contains(where: { $0.name == nil }) {
            throw ConfigError(.invalidValue, file: file, keyPath: "sync.groupPerCluster",
                              problem: "true needs named clusters, and proxmox has a cluster without \"name\"",
                              fix: "give the cluster a name (docs/clusters.md) or remove sync.groupPerCluster")
        }
        return config
    }

    mutating func warn(_ keyPath: String?, _ message: String) {
        warnings.append(ConfigWarning(file: file, keyPath: keyPath, message: message))
    }

    // MARK: paths

    /// `~/x` uses `HOME`; relative paths start at the config file's directory.
    func resolvePath(_ raw: String) -> String {
        if raw == "~" || raw.hasPrefix("~/"), let home = context.environment["HOME"], !home.isEmpty {
            return home + raw.dropFirst()
        }
        if raw.hasPrefix("/") || context.directory.isEmpty || context.directory == "." { return raw }
        return context.directory.hasSuffix("/") ? context.directory + raw : context.directory + "/" + raw
    }

    /// Reads a file named by `keyPath`, warning when it is readable by others and `private` is set.
    mutating func readFile(
        _ path: String, keyPath: String, private isPrivate: Bool, fix: String
    ) throws(ConfigError) -> String {
        let contents: ConfigFileContents
        do {
            contents = try context.files.readConfigFile(atPath: path)
        } catch {
            throw ConfigError(.unreadableFile, file: file, keyPath: keyPath, problem: "cannot read \(path) (\(error.reason))", fix: fix)
        }
        if isPrivate && contents.isReadableByOthers {
            warn(keyPath, "\(path) is readable by group or others: chmod 600 \(path)")
        }
        return contents.text
    }

    // MARK: secrets

    /// Resolves a required secret: environment variable > `<inlineKey>File` > `<inlineKey>`.
    /// A lower source is not read when a higher one is set.
    mutating func requiredSecret(
        in object: ConfigObject, inlineKey: String, fileKey: String, environmentVariable: String?
    ) throws(ConfigError) -> ConfiguredSecret {
        if let environmentVariable, let value = context.environment[environmentVariable], !value.isEmpty {
            return ConfiguredSecret(Secret(value), origin: .environment(variable: environmentVariable))
        }
        if let rawPath = try object.nonEmptyString(fileKey, example: "\"/etc/proxguac/secret\"") {
            let fix = environmentVariable.map { "create it or set \($0)" } ?? "create it or fix the path"
            let secret = try secretFromFile(resolveSecretPath(rawPath, keyPath: object.keyPath(fileKey)), keyPath: object.keyPath(fileKey), fix: fix)
            try checkCredentialLoaded(secret.secret.value, raw: rawPath, keyPath: object.keyPath(fileKey))
            return secret
        }
        if let value = try object.string(inlineKey, example: "\"...\"") {
            guard !value.isEmpty else { throw object.error(.invalidValue, inlineKey, "is empty", fix: "set the secret or remove the key") }
            return ConfiguredSecret(Secret(value), origin: .inline(keyPath: object.keyPath(inlineKey)))
        }
        let sources = [object.keyPath(fileKey), environmentVariable].compactMap { $0 }
        throw object.error(.missing, inlineKey, "missing",
                           fix: "set \(sources.joined(separator: " or ")) (or \(object.keyPath(inlineKey)), less safe)")
    }

    /// Reads a secret file: trailing line breaks are removed; an empty file is an error.
    mutating func secretFromFile(_ path: String, keyPath: String, fix: String) throws(ConfigError) -> ConfiguredSecret {
        var text = try readFile(path, keyPath: keyPath, private: true, fix: fix)
        while text.last?.isNewline == true { text.removeLast() }
        guard !text.isEmpty else {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\(path) is empty", fix: "write the secret into it")
        }
        return ConfiguredSecret(Secret(text), origin: .file(path: path))
    }

    // MARK: shared value types

    /// An `http(s)://host[:port][/path]` URL without credentials, query or fragment; trailing `/` removed.
    func url(_ object: ConfigObject, _ key: String, example: String, rejectSuffix: String? = nil) throws(ConfigError) -> URL {
        let raw = try object.requiredString(key, example: "\"\(example)\"")
        return try url(raw, keyPath: object.keyPath(key), example: example, rejectSuffix: rejectSuffix)
    }

    /// The same checks for a URL found at `keyPath` (e.g. one item of a list).
    func url(_ raw: String, keyPath: String, example: String, rejectSuffix: String? = nil) throws(ConfigError) -> URL {
        var trimmed = raw.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let invalid = { (problem: String) in
            ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: problem, fix: "use a URL like \(example)")
        }
        // A URL with user info may carry a password, a query string a ticket or token: never echo them.
        let shown = raw.contains("@") ? "the URL" : ConfigValueDisplay.url(raw)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw invalid("\(shown) is not a URL")
        }
        guard components.user == nil, components.password == nil else {
            throw invalid("the URL must not contain a user name or password (they would show in logs)")
        }
        guard scheme == "https" || scheme == "http" else { throw invalid("\(shown) must start with https://") }
        guard let host = components.host, !host.isEmpty else { throw invalid("\(shown) has no host name") }
        guard components.query == nil, components.fragment == nil else { throw invalid("\(shown) must not have a ?query or #fragment") }
        if let rejectSuffix, components.path.hasSuffix(rejectSuffix) {
            throw invalid("\(shown) should not end with \(rejectSuffix)")
        }
        guard let url = URL(string: trimmed) else { throw invalid("\(shown) is not a URL") }
        return url
    }

    mutating func warnIfPlainHTTP(_ url: URL, keyPath: String) {
        if url.scheme?.lowercased() == "http" {
            warn(keyPath, "uses plain http, so passwords and tokens cross the network unencrypted: use https")
        }
    }

    static let tlsKeys = ["verify", "caFile", "fingerprint"]

    mutating func tlsSettings(_ parent: ConfigObject) throws(ConfigError) -> TLSSettings {
        guard let tls = try parent.object("tls", knownKeys: Self.tlsKeys) else { return TLSSettings() }
        var settings = TLSSettings()
        settings.verify = try tls.bool("verify") ?? true
        if let rawCA = try tls.nonEmptyString("caFile", example: "\"/etc/proxguac/pve-root-ca.pem\"") {
            let path = resolvePath(rawCA)
            _ = try readFile(path, keyPath: tls.keyPath("caFile"), private: false, fix: "fix the path or remove \(tls.keyPath("caFile"))")
            settings.caFile = path
        }
        if let text = try tls.nonEmptyString("fingerprint", example: "\"AB:CD:...\"") {
            guard let fingerprint = CertificateFingerprint(text.trimmingCharacters(in: .whitespaces)) else {
                throw tls.error(.invalidValue, "fingerprint", "\"\(text)\" is not a SHA-256 fingerprint",
                                fix: "use 32 colon-separated hex bytes (AB:CD:...), as shown by Proxmox under Certificates")
            }
            settings.fingerprint = fingerprint
        }
        if !settings.verify {
            warn(tls.keyPath("verify"), "is false: the server certificate is not checked; set \(tls.keyPath("fingerprint")) or \(tls.keyPath("caFile")) instead")
        }
        return settings
    }
}
