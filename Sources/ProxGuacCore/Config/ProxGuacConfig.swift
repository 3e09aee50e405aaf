/// The whole proxguac configuration after parsing, validation, defaults and secret resolution.
/// Build it with ``ConfigParser/parse(_:context:)``; every field is final and valid.
public struct ProxGuacConfig: Sendable, Equatable {
    public var proxmox: ProxmoxSettings
    public var guacamole: GuacamoleSettings
    public var encryption: EncryptionSettings
    public var sync: SyncSettings
    /// Hosts outside Proxmox that also get Guacamole connections.
    public var external: [ExternalHost]
    public var network: NetworkSettings

    public init(
        proxmox: ProxmoxSettings, guacamole: GuacamoleSettings, encryption: EncryptionSettings = .init(),
        sync: SyncSettings = .init(), external: [ExternalHost] = [], network: NetworkSettings = .init()
    ) {
        self.proxmox = proxmox
        self.guacamole = guacamole
        self.encryption = encryption
        self.sync = sync
        self.external = external
        self.network = network
    }

    /// Every secret in the configuration, e.g. to register them with a log redactor.
    public var allSecrets: [Secret] {
        var secrets: [Secret] = [proxmox.auth.secret.secret, guacamole.password.secret]
        secrets += [encryption.key, encryption.legacyPassphrase].compactMap { $0?.secret }
        secrets += encryption.previousKeys.map(\.secret)
        secrets += external.map(\.password.secret)
        return secrets
    }
}
