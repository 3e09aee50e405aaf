/// The whole proxguac configuration after parsing, validation, defaults and secret resolution.
/// Build it with ``ConfigParser/parse(_:context:)``; every field is final and valid.
public struct ProxGuacConfig: Sendable, Equatable {
    /// The Proxmox VE clusters (`proxmox`, one object or a list; see docs/clusters.md), in config order. Never empty.
    public var clusters: [ProxmoxSettings]
    public var guacamole: GuacamoleSettings
    public var encryption: EncryptionConfig
    public var sync: SyncSettings
    /// Hosts outside Proxmox that also get Guacamole connections.
    public var external: [ExternalHost]
    /// `network.*` (the ProxGuacNet discovery options).
    public var network: NetworkSettings
    /// `http.*`: request timeout and retries.
    public var http: HTTPSettings
    /// `credentials.*`: SSH keys notes may name with `key:"NAME"`.
    public var credentials: CredentialsSettings

    public init(
        proxmox: ProxmoxSettings, guacamole: GuacamoleSettings, encryption: EncryptionConfig = .init(),
        sync: SyncSettings = .init(), external: [ExternalHost] = [], network: NetworkSettings = .init(),
        http: HTTPSettings = .init(), credentials: CredentialsSettings = .init()
    ) {
        self.clusters = [proxmox]
        self.guacamole = guacamole
        self.encryption = encryption
        self.sync = sync
        self.external = external
        self.network = network
        self.http = http
        self.credentials = credentials
    }

    /// The first (or only) cluster. With several clusters, code that has not learnt about them yet uses this one.
    public var proxmox: ProxmoxSettings {
        get { clusters[0] }
        set { clusters[0] = newValue }
    }

    /// True when `proxmox` is a list of named clusters (even a list of one) rather than the single unnamed cluster.
    public var hasNamedClusters: Bool { clusters.contains { $0.name != nil } }

    /// Every secret the configuration holds, e.g. to register them with a log redactor.
    /// (Encryption keys are read by ProxGuacCrypto and never held here.)
    public var allSecrets: [Secret] {
        clusters.map(\.auth.secret.secret) + [guacamole.password.secret] + (guacamole.totp.map { [$0.secret.secret] } ?? [])
            + external.map(\.password.secret) + credentials.allSecrets
    }
}
