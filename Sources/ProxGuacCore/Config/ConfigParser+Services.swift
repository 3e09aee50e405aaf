import Foundation

/// `proxmox`, `guacamole` and `encryption` sections.
extension ParseSession {
    static let proxmoxKeys = ["url", "tokenId", "tokenSecret", "tokenSecretFile", "username", "password", "passwordFile", "tls", "maxConcurrentPerNode", "encryptionKeyFile"]
    static let guacamoleKeys = ["url", "username", "password", "passwordFile", "dataSource", "tls"] + guacamoleTOTPKeys
    static let encryptionKeys = ["keyFile", "previousKeyFiles", "legacyPassphraseFile"]

    /// One cluster: `proxmox` (the object form) or `proxmox[i]`. `environmentSuffix` is the cluster's name when the
    /// config lists several clusters: each then reads its own `PROXGUAC_PROXMOX_TOKEN_SECRET_<NAME>`.
    mutating func proxmoxSettings(_ section: ConfigObject, name: ClusterName? = nil, previousNames: [ClusterName] = [],
                                  environmentSuffix: ClusterName? = nil) throws(ConfigError) -> ProxmoxSettings {
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        let urls = errors.attempt { () throws(ConfigError) in try proxmoxURLs(section) }
        for url in urls ?? [] { warnIfPlainHTTP(url, keyPath: section.keyPath("url")) }
        let auth = errors.attempt { () throws(ConfigError) in try proxmoxAuth(section, environmentSuffix: environmentSuffix) }
        let tls = errors.attempt { () throws(ConfigError) in try tlsSettings(section) }
        let limit = errors.attempt { () throws(ConfigError) in try section.integer("maxConcurrentPerNode", in: 1...64) }
        let keyFile = errors.attempt { () throws(ConfigError) in try clusterKeyFile(section, named: name != nil) } ?? nil
        try errors.throwIfAny()
        guard let urls, let auth, let tls, let limit else { throw section.missing("url") }  // not reached: an error was recorded
        var settings = ProxmoxSettings(name: name, previousNames: previousNames, urls: urls, auth: auth, tls: tls,
                                       maxConcurrentPerNode: limit ?? ProxmoxSettings.defaultMaxConcurrentPerNode)
        settings.encryptionKeyFile = keyFile
        let variable = name.map { $0.environmentVariable(SecretEnvironment.encryptionKey) }
        settings.encryptionKeyOrigin = variable.flatMap(environmentOrigin) ?? keyFile.map { .file(path: $0) }
        return settings
    }

    /// `encryptionKeyFile`: the cluster's own key (resolved against the config's directory); nil when unset.
    private mutating func clusterKeyFile(_ section: ConfigObject, named: Bool) throws(ConfigError) -> String? {
        guard let raw = try section.nonEmptyString("encryptionKeyFile", example: "\"/etc/proxguac/lab.key\"") else { return nil }
        guard named else {
            throw section.error(.invalidValue, "encryptionKeyFile", "is a named cluster's own key, but this cluster has no name",
                                fix: "set encryption.keyFile for the single unnamed cluster, or give the cluster a \"name\"")
        }
        let path = try resolveSecretPath(raw, keyPath: section.keyPath("encryptionKeyFile"))
        try warnIfShared(path, raw: raw, keyPath: section.keyPath("encryptionKeyFile"))
        return path
    }

    /// `url`: one URL, or a list of URLs (nodes of the same cluster) tried in order.
    private func proxmoxURLs(_ section: ConfigObject) throws(ConfigError) -> [URL] {
        let example = "https://pve.example.org:8006"
        guard case .array(let items)? = section.raw("url") else {
            return [try url(section, "url", example: example, rejectSuffix: "/api2/json")]
        }
        guard !items.isEmpty else {
            throw section.error(.invalidValue, "url", "is an empty list", fix: "list at least one URL, e.g. [\"\(example)\"]")
        }
        var urls: [URL] = []
        for (index, item) in items.enumerated() {
            let keyPath = "\(section.keyPath("url"))[\(index)]"
            guard case .string(let text) = item else {
                throw ConfigError(.wrongType, file: file, keyPath: keyPath, problem: "expected a string, found \(item.typeDescription)",
                                  fix: "write it like \"\(example)\"")
            }
            let url = try url(text, keyPath: keyPath, example: example, rejectSuffix: "/api2/json")
            guard !urls.contains(url) else {
                throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\(ConfigValueDisplay.url(text)) is listed twice",
                                  fix: "list each node once")
            }
            urls.append(url)
        }
        return urls
    }

    private mutating func proxmoxAuth(_ section: ConfigObject, environmentSuffix: ClusterName?) throws(ConfigError) -> ProxmoxAuth {
        let tokenText = try section.nonEmptyString("tokenId", example: "\"proxguac@pve!sync\"")
        let username = try section.nonEmptyString("username", example: "\"root@pam\"")
        let tokenKey = section.keyPath("tokenId"), userKey = section.keyPath("username")
        switch (tokenText, username) {
        case (nil, nil):
            throw section.missing("tokenId", fix: "set \(tokenKey) (an API token, recommended) or \(userKey) (password login)")
        case (.some, .some):
            throw section.error(.invalidValue, "username", "set together with \(tokenKey)",
                                fix: "keep \(tokenKey) (API token) or \(userKey) (password login), not both")
        case (let tokenText?, nil):
            try reject(["password", "passwordFile"], in: section, because: "only used with \(userKey)")
            guard let tokenID = ProxmoxTokenID(tokenText) else {
                throw section.error(.invalidValue, "tokenId", "\(ConfigValueDisplay.tokenID(tokenText)) is not a token id",
                                    fix: "use user@realm!tokenname, e.g. proxguac@pve!sync")
            }
            let variable = environmentSuffix?.environmentVariable(SecretEnvironment.proxmoxTokenSecret) ?? SecretEnvironment.proxmoxTokenSecret
            let secret = try requiredSecret(in: section, inlineKey: "tokenSecret", fileKey: "tokenSecretFile", environmentVariable: variable)
            return .apiToken(tokenID, secret: secret)
        case (nil, let username?):
            try reject(["tokenSecret", "tokenSecretFile"], in: section, because: "only used with \(tokenKey)")
            guard ProxmoxUserID.isValid(username) else {
                throw section.error(.invalidValue, "username", "\"\(username)\" has no realm", fix: "use user@realm, e.g. root@pam")
            }
            let variable = environmentSuffix?.environmentVariable(SecretEnvironment.proxmoxPassword) ?? SecretEnvironment.proxmoxPassword
            let password = try requiredSecret(in: section, inlineKey: "password", fileKey: "passwordFile", environmentVariable: variable)
            return .ticket(username: username, password: password)
        }
    }

    private func reject(_ keys: [String], in section: ConfigObject, because reason: String) throws(ConfigError) {
        for key in keys where section.has(key) {
            throw section.error(.invalidValue, key, reason, fix: "remove it")
        }
    }

    mutating func guacamoleSettings(_ section: ConfigObject) throws(ConfigError) -> GuacamoleSettings {
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        let url = errors.attempt { () throws(ConfigError) in try self.url(section, "url", example: "https://guac.example.org/guacamole", rejectSuffix: "/api") }
        if let url { warnIfPlainHTTP(url, keyPath: section.keyPath("url")) }
        let username = errors.attempt { () throws(ConfigError) in try section.requiredString("username", example: "\"proxguac\"") }
        let password = errors.attempt { () throws(ConfigError) in
            try requiredSecret(in: section, inlineKey: "password", fileKey: "passwordFile", environmentVariable: SecretEnvironment.guacamolePassword)
        }
        let dataSource = errors.attempt { () throws(ConfigError) in try section.nonEmptyString("dataSource", example: "\"postgresql\"") }
        let tls = errors.attempt { () throws(ConfigError) in try tlsSettings(section) }
        let totp = errors.attempt { () throws(ConfigError) in try guacamoleTOTP(section) }
        try errors.throwIfAny()
        guard let url, let username, let password, let dataSource, let tls, let totp else { throw section.missing("url") }  // not reached
        var settings = GuacamoleSettings(url: url, username: username, password: password, dataSource: dataSource, tls: tls)
        settings.totp = totp
        return settings
    }

    mutating func encryptionConfig(_ section: ConfigObject?) throws(ConfigError) -> EncryptionConfig {
        guard let section else { return EncryptionConfig(keyOrigin: environmentOrigin(SecretEnvironment.encryptionKey),
                                                         legacyPassphraseOrigin: environmentOrigin(SecretEnvironment.legacyPassphrase)) }
        var config = EncryptionConfig()
        try encryptionFiles(section, into: &config)
        config.keyOrigin = environmentOrigin(SecretEnvironment.encryptionKey) ?? config.keyFile.map { .file(path: $0) }
        config.legacyPassphraseOrigin = environmentOrigin(SecretEnvironment.legacyPassphrase) ?? config.legacyPassphraseFile.map { .file(path: $0) }
        return config
    }

    private func environmentOrigin(_ variable: String) -> SecretOrigin? {
        context.environment[variable].flatMap { $0.isEmpty ? nil : .environment(variable: variable) }
    }
}
