import Logging
import ProxGuacCore
import ProxGuacHTTP

/// Logs in to Guacamole and checks the system permissions proxguac needs in the data source.
/// Never throws: every failure ends up in the report.
struct GuacamoleAuthProbe: Sendable {
    /// System permission, the checkbox that grants it in Guacamole's user editor, and what proxguac uses it for.
    static let requiredPermissions = [
        ("CREATE_CONNECTION", "Create new connections", "create connections"),
        ("CREATE_CONNECTION_GROUP", "Create new connection groups", "create the connection groups"),
    ]

    let settings: GuacamoleSettings
    let logger: Logger

    func run() async -> TestAuthReport.System {
        var result = TestAuthReport.System(
            system: "guacamole", url: settings.url.absoluteString,
            tls: .init(url: settings.url, tls: settings.tls), identity: settings.username)
        do {
            let client = try GuacamoleClient(settings: settings, transport: HTTPTransport(logger: logger), logger: logger)
            result.version = await client.version()?.description
            result.reachable = result.version != nil
            let dataSource = try await client.login()
            result.reachable = true
            result.authenticated = true
            result.dataSource = dataSource
            let permissions = try await client.selfPermissions(effective: true)
            result.checks = checks(permissions, dataSource: dataSource)
            try? await client.logout()
        } catch {
            if case .transport = error {} else { result.reachable = true }
            result.error = SecretRedactor.shared.redact(error.description)
        }
        return result
    }

    private func checks(_ permissions: GuacamolePermissionSet, dataSource: String) -> [TestAuthReport.Check] {
        Self.requiredPermissions.map { permission, checkbox, purpose in
            let granted = permissions.isAdministrator || permissions.systemPermissions.contains(permission)
            let how = permissions.isAdministrator ? "through ADMINISTER" : "directly or through a user group"
            return TestAuthReport.Check(
                name: permission, granted: granted, required: true,
                detail: granted ? "granted \(how) in \(dataSource)" : "missing in \(dataSource)", purpose: purpose,
                fix: granted ? nil : "in Guacamole: Settings > Users > \(settings.username) > Permissions: tick \"\(checkbox)\" (or \"Administer system\")")
        }
    }
}
