/// `proxmox`, `guacamole` and `encryption` sections.
extension ParseSession {
    static let proxmoxKeys = ["url", "tokenId", "tokenSecret", "tokenSecretFile", "username", "password", "passwordFile", "tls", "maxConcurrentPerNode"]
    static let guacamoleKeys = ["url", "username", "password", "passwordFile", "dataSource", "tls"] + guacamoleTOTPKeys
    static let encryptionKeys = ["keyFile", "previousKeyFiles", "legacyPassphraseFile"]

    mutating func proxmoxSettings(_ section: ConfigObject) throws(ConfigError) -> ProxmoxSettings {
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        let url = errors.attempt { () throws(ConfigError) in try self.url(section, "url", example: "https://pve.example.org:8006", rejectSuffix: "/api2/json") }
        if let url { warnIfPlainHTTP(url, keyPath: section.keyPath("url")) }
        let auth = errors.attempt { () throws(ConfigError) in try proxmoxAuth(section) }
        let tls = errors.attempt { () throws(ConfigError) in try tlsSettings(section) }
        let limit = errors.attempt { () throws(ConfigError) in try section.integer("maxConcurrentPerNode", in: 1...64) }
        try errors.throwIfAny()
        guard let url, let auth, let tls, let limit else { throw section.missing("url") }  // not reached: an error was recorded
        return ProxmoxSettings(url: url, auth: auth, tls: tls, maxConcurrentPerNode: limit ?? ProxmoxSettings.defaultMaxConcurrentPerNode)
    }

    private mutating func proxmoxAuth(_ section: ConfigObject) throws(ConfigError) -> ProxmoxAuth {
        let tokenText = try section.nonEmptyString("tokenId", example: "\"proxguac@pve!sync\"")
        let username = try section.nonEmptyString("username", example: "\"root@pam\"")
        switch (tokenText, username) {
        case (nil, nil):
            throw section.missing("tokenId", fix: "set proxmox.tokenId (an API token, recommended) or proxmox.username (password login)")
        case (.some, .some):
            throw section.error(.invalidValue, "username", "set together with proxmox.tokenId",
                                fix: "keep proxmox.tokenId (API token) or proxmox.username (password login), not both")
        case (let tokenText?, nil):
            try reject(["password", "passwordFile"], in: section, because: "only used with proxmox.username")
            guard let tokenID = ProxmoxTokenID(tokenText) else {
                throw section.error(.invalidValue, "tokenId", "\(ConfigValueDisplay.tokenID(tokenText)) is not a token id",
                                    fix: "use user@realm!tokenname, e.g. proxguac@pve!sync")
            }
            let secret = try requiredSecret(in: section, inlineKey: "tokenSecret", fileKey: "tokenSecretFile",
                                            environmentVariable: SecretEnvironment.proxmoxTokenSecret)
            return .apiToken(tokenID, secret: secret)
        case (nil, let username?):
            try reject(["tokenSecret", "tokenSecretFile"], in: section, because: "only used with proxmox.tokenId")
            guard ProxmoxUserID.isValid(username) else {
                throw section.error(.invalidValue, "username", "\"\(username)\" has no realm", fix: "use user@realm, e.g. root@pam")
            }
            let password = try requiredSecret(in: section, inlineKey: "password", fileKey: "passwordFile",
                                              environmentVariable: SecretEnvironment.proxmoxPassword)
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
