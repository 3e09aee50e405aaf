public import Foundation

/// `guacamole.*`: how to reach and log in to the Guacamole REST API.
public struct GuacamoleSettings: Sendable, Equatable {
    /// Base URL of the web application, e.g. `https://guac.example.org/guacamole` (no trailing slash);
    /// the REST API lives under `<url>/api`.
    public var url: URL
    public var username: String
    public var password: ConfiguredSecret
    /// The data source to manage connections in (e.g. `postgresql`); nil means pick one from
    /// `availableDataSources` at login, preferring mysql, postgresql, sqlserver.
    public var dataSource: String?
    public var tls: TLSSettings
    /// Set when the account answers a TOTP challenge (`guacamole.totpSecret*`).
    public var totp: GuacamoleTOTPSettings?

    public init(url: URL, username: String, password: ConfiguredSecret, dataSource: String? = nil, tls: TLSSettings = .init()) {
        self.url = url
        self.username = username
        self.password = password
        self.dataSource = dataSource
        self.tls = tls
    }
}
