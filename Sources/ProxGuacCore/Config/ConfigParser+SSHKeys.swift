/// `credentials.sshKeys.NAME: {file, passphraseFile?, vmids?, pools?}`.
extension ParseSession {
    static let credentialsKeys = ["sshKeys"]
    static let sshKeyKeys = ["file", "passphraseFile", "vmids", "pools"]

    mutating func credentialsSettings(_ section: ConfigObject?) throws(ConfigError) -> CredentialsSettings {
        guard let section, let raw = section.raw("sshKeys") else { return CredentialsSettings() }
        guard case .object(let members) = raw else {
            throw section.error(.wrongType, "sshKeys", "expected an object of named keys, found \(raw.typeDescription)",
                                fix: "write it like { \"deploy\": { \"file\": \"/etc/proxguac/deploy.key\", \"vmids\": [101] } }")
        }
        var settings = CredentialsSettings()
        var errors = ConfigErrorCollector()  // every broken key in one run
        for member in members where member.value != .null && !member.key.hasPrefix("//") {
            let name = member.key
            let path = section.keyPath("sshKeys")
            guard SSHKeyName.isValid(name) else {
                errors.record(ConfigError(.invalidValue, file: file, keyPath: ConfigObject.join(path, ConfigValueDisplay.key(name)),
                                          problem: "is not a key name",
                                          fix: "use letters, digits, '.', '-' and '_' (up to \(SSHKeyName.maximumLength)), as notes write key:\"NAME\""))
                continue
            }
            do throws(ConfigError) {
                let entry = try ConfigObject(member.value, path: ConfigObject.join(path, name), file: file, knownKeys: Self.sshKeyKeys)
                settings.sshKeys[name] = try sshKey(name, entry)
            } catch {
                errors.record(error)
            }
        }
        try errors.throwIfAny()
        return settings
    }

    private mutating func sshKey(_ name: String, _ entry: ConfigObject) throws(ConfigError) -> SSHKeyCredential {
        guard let rawFile = try entry.nonEmptyString("file", example: "\"/etc/proxguac/\(name).key\"") else {
            throw entry.missing("file", fix: "set \(entry.keyPath("file")) to the private key file (or credential:NAME)")
        }
        let key = try secretFromFile(resolveSecretPath(rawFile, keyPath: entry.keyPath("file")), keyPath: entry.keyPath("file"),
                                     fix: "create it (chmod 600) or fix the path")
        try checkCredentialLoaded(key.secret.value, raw: rawFile, keyPath: entry.keyPath("file"))
        guard key.secret.value.hasPrefix("-----BEGIN "), key.secret.value.contains("PRIVATE KEY-----") else {
            // Never echo the file: it is the secret.
            throw entry.error(.invalidValue, "file", "\(key.origin) is not a PEM private key (-----BEGIN … PRIVATE KEY-----)",
                              fix: "point it at the private key (not the .pub file), e.g. one made by ssh-keygen")
        }
        var passphrase: ConfiguredSecret?
        if let rawPassphrase = try entry.nonEmptyString("passphraseFile", example: "\"/etc/proxguac/\(name).passphrase\"") {
            passphrase = try secretFromFile(resolveSecretPath(rawPassphrase, keyPath: entry.keyPath("passphraseFile")),
                                            keyPath: entry.keyPath("passphraseFile"), fix: "create it (chmod 600) or fix the path")
            try checkCredentialLoaded(passphrase?.secret.value ?? "", raw: rawPassphrase, keyPath: entry.keyPath("passphraseFile"))
        }
        var vmids: [Int] = []
        for (index, item) in (try entry.list("vmids", example: "[101, 102]") ?? []).enumerated() {
            vmids.append(try ConfigObject.integer(item, keyPath: "\(entry.keyPath("vmids"))[\(index)]", in: 100...999_999_999, file: file))
        }
        let pools = try entry.stringList("pools", example: "[\"web\"]") ?? []
        if vmids.isEmpty && pools.isEmpty {
            warn(entry.path, "lists no vmids or pools, so no guest may use this key: add \(entry.keyPath("vmids")) or \(entry.keyPath("pools"))")
        }
        return SSHKeyCredential(name: name, privateKey: key, passphrase: passphrase, vmids: vmids, pools: pools)
    }
}

/// The names `key:"NAME"` and `credentials.sshKeys.NAME` may use.
public enum SSHKeyName {
    public static let maximumLength = 64

    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumLength && name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
    }
}
