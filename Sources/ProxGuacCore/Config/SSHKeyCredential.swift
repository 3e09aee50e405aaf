/// `credentials.sshKeys.NAME`: a private key that notes may name with `key:"NAME"`, and the guests allowed to.
///
/// Guests are allowed by vmid or by pool, never by tag: whoever can write a guest's notes can also set its tags.
public struct SSHKeyCredential: Sendable, Equatable {
    public var name: String
    /// The PEM text of the private key (`file`), read on every config load so a rotated file is picked up.
    public var privateKey: ConfiguredSecret
    /// `passphraseFile`, when the key is encrypted.
    public var passphrase: ConfiguredSecret?
    public var vmids: [Int]
    public var pools: [String]

    public init(name: String, privateKey: ConfiguredSecret, passphrase: ConfiguredSecret? = nil,
                vmids: [Int] = [], pools: [String] = []) {
        self.name = name
        self.privateKey = privateKey
        self.passphrase = passphrase
        self.vmids = vmids
        self.pools = pools
    }

    /// Whether a guest may use the key: its vmid is listed, or its pool is.
    public func allows(vmid: Int, pool: String?) -> Bool {
        vmids.contains(vmid) || pool.map { pools.contains($0) } == true
    }

    /// The key, its passphrase and each line of the key's body: registered with the redactor, so no part
    /// of a key is ever printed even when a message quotes one line of it.
    public var secrets: [Secret] {
        let bodyLines = privateKey.secret.value.split(whereSeparator: \.isNewline)
            .filter { $0.count >= 16 && !$0.hasPrefix("-----") }
            .map { Secret(String($0)) }
        return [privateKey.secret] + bodyLines + (passphrase.map { [$0.secret] } ?? [])
    }
}

/// `credentials.*`: secrets that notes may name but never hold.
public struct CredentialsSettings: Sendable, Equatable {
    /// `credentials.sshKeys`, by name.
    public var sshKeys: [String: SSHKeyCredential]

    public init(sshKeys: [String: SSHKeyCredential] = [:]) {
        self.sshKeys = sshKeys
    }

    public var allSecrets: [Secret] {
        sshKeys.keys.sorted().flatMap { sshKeys[$0]?.secrets ?? [] }
    }
}

extension CredentialsSettings {
    /// `credentials` as `config check` shows it: each key and passphrase as `<redacted>` with where it came from.
    var effectiveJSON: JSONValue {
        .object([JSONMember("sshKeys", .object(sshKeys.keys.sorted().compactMap { name in
            sshKeys[name].map { key in
                JSONMember(name, .object([
                    JSONMember("key", key.privateKey.effectiveJSON),
                    JSONMember("passphrase", key.passphrase?.effectiveJSON ?? .null),
                    JSONMember("vmids", .array(key.vmids.map { .number(String($0)) })),
                    JSONMember("pools", .array(key.pools.map(JSONValue.string))),
                ]))
            }
        }))])
    }
}
