/// What the builder needs of `credentials.sshKeys.NAME`: the key material and the guests allowed to use it.
public struct SSHKeyGrant: Sendable, Hashable {
    public var privateKey: Secret
    public var passphrase: Secret?
    public var vmids: Set<Int>
    public var pools: Set<String>

    public init(privateKey: Secret, passphrase: Secret? = nil, vmids: Set<Int> = [], pools: Set<String> = []) {
        self.privateKey = privateKey
        self.passphrase = passphrase
        self.vmids = vmids
        self.pools = pools
    }

    public init(_ credential: SSHKeyCredential) {
        self.init(privateKey: credential.privateKey.secret, passphrase: credential.passphrase?.secret,
                  vmids: Set(credential.vmids), pools: Set(credential.pools))
    }

    /// Whether the guest may use the key: its vmid or its pool is listed (never a tag: notes writers set tags).
    public func allows(_ guest: GuestFacts) -> Bool {
        vmids.contains(guest.vmid) || guest.pool.map { pools.contains($0) } == true
    }
}

extension EntryAdmission {
    /// The key an entry names, or the one line saying why this guest may not use it.
    func sshKey(named name: String) -> Result<SSHKeyGrant, Refusal> {
        let keyPath = "credentials.sshKeys.\(name)"
        guard let grant = settings.sshKeys[name] else {
            return .failure(Refusal(line: "key \"\(name)\" is not configured: an admin can add it as \(keyPath)"))
        }
        guard grant.allows(guest) else {
            let pool = guest.pool.map { ", pool \(TerminalText.escaped($0))" } ?? ""
            return .failure(Refusal(line: "key \"\(name)\" is not for this guest (vmid \(guest.vmid)\(pool)): "
                + "an admin can list it in \(keyPath).vmids/pools"))
        }
        return .success(grant)
    }
}

extension DesiredConnection {
    /// Puts the key (and its passphrase) into the connection instead of a password. Set last, so neither
    /// `sync.defaults` nor the notes can replace it.
    mutating func useKey(_ grant: SSHKeyGrant) {
        fields.parameters[GuacamoleParameterName.password] = nil
        fields.parameters[SSHKeyGrant.privateKeyParameter] = grant.privateKey.value
        fields.parameters[SSHKeyGrant.passphraseParameter] = grant.passphrase?.value
    }
}

extension SSHKeyGrant {
    public static let privateKeyParameter = "private-key"
    public static let passphraseParameter = "passphrase"
}
