import Logging
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacSync

/// Logs in to Guacamole and checks the system permissions proxguac needs in the data source.
/// Never throws: every failure ends up in the report.
struct GuacamoleAuthProbe: Sendable {
    /// System permission, the checkbox that grants it in Guacamole's user editor, and what proxguac uses it for.
    static let requiredPermissions = [
        ("CREATE_CONNECTION", "Create new connections", "create connections"),
        ("CREATE_CONNECTION_GROUP", "Create new connection groups", "create the connection groups"),
    ]

    let settings: GuacamoleSettings
    /// `sync.grant`: each named user and user group must exist for the grants to work.
    var grant = GrantSettings()
    /// `http.*`: timeout and retry policy.
    var http = HTTPSettings()
    let logger: Logger
    /// `sync.stateFile`: TOTP steps are recorded next to it.
    var stateFile = "state.json"

    func run() async -> TestAuthReport.System {
        var result = TestAuthReport.System(
            system: "guacamole", url: settings.url.absoluteString,
            tls: .init(url: settings.url, tls: settings.tls), identity: settings.username)
        do {
            let client = try GuacamoleClient(
                settings: settings,
                transport: HTTPTransport(configuration: .init(settings: http, maxConnectionsPerHost: 4), logger: logger),
                logger: logger, retry: RetryPolicy(settings: http), stateDirectory: SyncEngine.directory(of: stateFile))
            OpenSessions.register(client)  // logged out on SIGTERM too (withErrorReportingLoggingOutOnTermination)
            result.version = await client.version()?.description
            result.reachable = result.version != nil
            let dataSource = try await client.login()
            result.reachable = true
            result.authenticated = true
            result.dataSource = dataSource
            let permissions = try await client.selfPermissions(effective: true)
            result.checks = checks(permissions, dataSource: dataSource) + (await granteeChecks(client, dataSource: dataSource))
            try? await client.logout()
        } catch {
            if case .transport = error {} else { result.reachable = true }
            result.error = SecretRedactor.shared.redact(error.description)
        }
        return result
    }

    /// One check per `sync.grant` user and group: does Guacamole know it?
    private func granteeChecks(_ client: GuacamoleClient, dataSource: String) async -> [TestAuthReport.Check] {
        var checks: [TestAuthReport.Check] = []
        for user in grant.users { checks.append(await granteeCheck(user, isGroup: false, client, dataSource: dataSource)) }
        for group in grant.groups { checks.append(await granteeCheck(group, isGroup: true, client, dataSource: dataSource)) }
        return checks
    }

    private func granteeCheck(_ name: String, isGroup: Bool, _ client: GuacamoleClient, dataSource: String) async
        -> TestAuthReport.Check
    {
        let kind = isGroup ? "user group" : "user"
        let key = isGroup ? "sync.grant.groups" : "sync.grant.users"
        var problem: String?
        do throws(GuacamoleError) {
            _ = isGroup ? try await client.permissions(ofUserGroup: name) : try await client.permissions(ofUser: name)
        } catch {
            switch error {
            case .userNotFound, .userGroupNotFound:
                problem = "no such \(kind) in \(dataSource) (or \(settings.username) may not see it)"
            default:
                problem = "cannot check: \(SecretRedactor.shared.redact(error.description))"
            }
        }
        return TestAuthReport.Check(
            name: "\(kind) \(name)", granted: problem == nil, required: true, detail: problem ?? "\(kind) exists in \(dataSource)",
            purpose: "give READ on new connections and groups (\(key))",
            fix: problem == nil ? nil : "create the \(kind) in Guacamole (Settings > \(isGroup ? "Groups" : "Users")) or remove it from \(key)")
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
