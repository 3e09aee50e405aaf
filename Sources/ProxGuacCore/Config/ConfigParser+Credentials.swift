import Foundation

/// Secret files as systemd credentials, and the mode check of key and passphrase files.
extension ParseSession {
    /// The prefix that names a systemd credential instead of a path: `"credential:pve-token-secret"`
    /// is `$CREDENTIALS_DIRECTORY/pve-token-secret` (the unit's `LoadCredential=pve-token-secret:…`).
    static let credentialPrefix = "credential:"
    /// What the unit's fallback `SetCredential=NAME:…` holds when the `LoadCredential=` file is absent.
    static let credentialPlaceholder = "proxguac-credential-not-loaded"

    /// Refuses the unit's placeholder: the credential's file was missing when the unit started.
    func checkCredentialLoaded(_ text: String, raw: String, keyPath: String) throws(ConfigError) {
        guard raw.hasPrefix(Self.credentialPrefix), text.trimmingCharacters(in: .whitespacesAndNewlines) == Self.credentialPlaceholder else { return }
        let name = raw.dropFirst(Self.credentialPrefix.count)
        throw ConfigError(.invalidValue, file: file, keyPath: keyPath,
                          problem: "the systemd credential \(name) was not loaded (its LoadCredential= file is missing)",
                          fix: "create the file the unit's LoadCredential=\(name):… names, or give a path instead of \(raw)")
    }

    /// A secret file setting as a path: `credential:NAME` in `$CREDENTIALS_DIRECTORY`, else as ``resolvePath(_:)``.
    func resolveSecretPath(_ raw: String, keyPath: String) throws(ConfigError) -> String {
        guard raw.hasPrefix(Self.credentialPrefix) else { return resolvePath(raw) }
        let name = String(raw.dropFirst(Self.credentialPrefix.count))
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath, problem: "\"\(raw)\" does not name a credential",
                              fix: "write credential:NAME with the name used in the unit's LoadCredential=NAME:/path")
        }
        guard let directory = context.environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
            throw ConfigError(.invalidValue, file: file, keyPath: keyPath,
                              problem: "names the systemd credential \(name) but $CREDENTIALS_DIRECTORY is not set (not started by systemd with LoadCredential=)",
                              fix: "run it from the unit (LoadCredential=\(name):/path), or give the file's path instead")
        }
        return (directory.hasSuffix("/") ? directory : directory + "/") + name
    }

    /// A key or passphrase file readable by group or others gets the same warning as a config file.
    /// A file that cannot be read is left to the code that uses it (e.g. `keygen` creates it).
    mutating func warnIfShared(_ path: String, raw: String, keyPath: String) throws(ConfigError) {
        guard let contents = try? context.files.readConfigFile(atPath: path) else { return }
        try checkCredentialLoaded(contents.text, raw: raw, keyPath: keyPath)
        if contents.isReadableByOthers { warn(keyPath, "\(path) is readable by group or others: chmod 600 \(path)") }
    }

    /// `encryption.keyFile`, `previousKeyFiles` and `legacyPassphraseFile`: resolved (``resolveSecretPath(_:keyPath:)``)
    /// and mode-checked.
    mutating func encryptionFiles(_ section: ConfigObject, into config: inout EncryptionConfig) throws(ConfigError) {
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        var result = config
        errors.check { () throws(ConfigError) in
            guard let raw = try section.nonEmptyString("keyFile", example: "\"/etc/proxguac/encryption.key\"") else { return }
            let path = try resolveSecretPath(raw, keyPath: section.keyPath("keyFile"))
            result.keyFile = path
            try warnIfShared(path, raw: raw, keyPath: section.keyPath("keyFile"))
        }
        let previous = errors.attempt { () throws(ConfigError) in
            try section.stringList("previousKeyFiles", example: "[\"/etc/proxguac/old.key\"]")
        } ?? nil
        for (index, raw) in (previous ?? []).enumerated() {
            errors.check { () throws(ConfigError) in
                let keyPath = "\(section.keyPath("previousKeyFiles"))[\(index)]"
                let path = try resolveSecretPath(raw, keyPath: keyPath)
                result.previousKeyFiles.append(path)
                try warnIfShared(path, raw: raw, keyPath: keyPath)
            }
        }
        errors.check { () throws(ConfigError) in
            guard let raw = try section.nonEmptyString("legacyPassphraseFile", example: "\"/etc/proxguac/legacy-passphrase\"") else { return }
            let path = try resolveSecretPath(raw, keyPath: section.keyPath("legacyPassphraseFile"))
            result.legacyPassphraseFile = path
            try warnIfShared(path, raw: raw, keyPath: section.keyPath("legacyPassphraseFile"))
        }
        try errors.throwIfAny()
        config = result
    }
}
