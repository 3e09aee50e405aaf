/// What went wrong talking to Guacamole, in words an admin can act on. Never contains a secret.
public enum GuacamoleError: Error, Sendable, CustomStringConvertible {
    /// The configuration cannot work (bad URL, empty user name).
    case invalidConfiguration(String)
    /// Login refused (wrong user name or password).
    case invalidCredentials(message: String)
    /// Login needs a TOTP code (`guac-totp`): an unattended tool cannot give one.
    case totpRequired
    /// The TOTP code proxguac computed from `guacamole.totpSecret*` was refused.
    case totpRejected
    /// The TOTP step record in the state directory could not be used (the reason, one line).
    case totpStepRecord(String)
    /// Login needs more than user + password (Duo, expired password): the named fields.
    case additionalCredentialsRequired(fields: [String])
    /// Granting READ failed: no Guacamole user with this name (or not visible to the proxguac account).
    case userNotFound(name: String)
    /// Granting READ failed: no Guacamole user group with this name (or not visible to the proxguac account).
    case userGroupNotFound(name: String)
    /// The configured data source is not one this login offers.
    case dataSourceUnavailable(requested: String, available: [String])
    /// 403: the user may not do this.
    case permissionDenied(request: String, message: String)
    /// 404: no such object (or not readable by this user).
    case notFound(request: String, message: String)
    /// 400/413: the server rejected the data (duplicate name, blank name, value too long).
    case badRequest(request: String, message: String)
    /// A batch PATCH failed: every outcome, failures carry `error`. `rolledBack` is true when nothing was
    /// applied (1.6.0); false when operations ran one by one (1.5.x fallback) and the successes stay.
    case patchFailed(outcomes: [GuacamolePatchOutcome], rolledBack: Bool)
    /// Any other error status.
    case server(status: Int, request: String, message: String)
    /// No usable answer: connection, TLS, timeout. The wrapped error explains which.
    case transport(HTTPError)
    /// The answer did not have the expected shape.
    case unexpectedResponse(request: String, detail: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text):
            return text
        case .invalidCredentials(let message):
            return "Guacamole rejected the login (\(message)); check guacamole.username and the password"
        case .totpRequired:
            return "Guacamole asks this account for a TOTP code at every login; set guacamole.totpSecretFile to the "
                + "account's TOTP key, use a service account without TOTP, or exempt this one (disable TOTP for "
                + "the user or one of its groups, or add proxguac's address to totp-bypass-hosts)"
        case .totpRejected:
            return "Guacamole refused the TOTP code computed from guacamole.totpSecret; check the secret, "
                + "totpDigits/totpPeriod/totpAlgorithm against totp-digits/totp-period/totp-mode, and that both clocks are right (NTP)"
        case .totpStepRecord(let reason):
            return "TOTP: \(reason)"
        case .userNotFound(let name):
            return "Guacamole has no user \"\(name)\" to grant READ to; create it in Guacamole or fix sync.grant.users"
        case .userGroupNotFound(let name):
            return "Guacamole has no user group \"\(name)\" to grant READ to; create it in Guacamole "
                + "(Settings > Groups) or fix sync.grant.groups"
        case .additionalCredentialsRequired(let fields):
            return "Guacamole login needs more than a password (\(fields.joined(separator: ", "))); "
                + "use an account without TOTP/Duo for proxguac"
        case .dataSourceUnavailable(let requested, let available):
            return "Guacamole data source \"\(requested)\" is not available (offered: "
                + "\(available.joined(separator: ", "))); fix guacamole.dataSource"
        case .permissionDenied(let request, let message):
            return "Guacamole denied \(request) (\(message)); give the proxguac user ADMINISTER or "
                + "CREATE_CONNECTION and rights on its connections"
        case .notFound(let request, let message):
            return "Guacamole has no such object for \(request) (\(message))"
        case .badRequest(let request, let message):
            return "Guacamole refused \(request): \(message)"
        case .patchFailed(let outcomes, let rolledBack):
            let failures = outcomes.compactMap { outcome in outcome.error.map { "\(outcome.op) \(outcome.path): \($0)" } }
            return "Guacamole batch change failed (\(failures.joined(separator: "; ")))"
                + (rolledBack ? "; nothing was changed" : "; the other changes were applied")
        case .server(let status, let request, let message):
            return "Guacamole answered \(request) with HTTP \(status): \(message)"
        case .transport(let error):
            return "Guacamole: \(error)"
        case .unexpectedResponse(let request, let detail):
            return "Guacamole sent an unexpected answer to \(request) (\(detail)); is the URL the Guacamole web app "
                + "(e.g. https://host/guacamole)?"
        }
    }

    /// Maps an HTTP failure of `request` by the APIError `type` first, the status second.
    init(_ error: HTTPError, request: String) {
        guard let status = error.status else {
            self = .transport(error)
            return
        }
        let api = GuacamoleAPIError.decode(error.body)
        let message = (api?.message ?? error.serverText).singleLine
        switch (status, api?.type) {
        case (_, "INVALID_CREDENTIALS"):
            self = .invalidCredentials(message: message)
        case (_, "INSUFFICIENT_CREDENTIALS"):
            let fields = api?.expected?.map(\.name) ?? []
            self = fields.contains("guac-totp") ? .totpRequired : .additionalCredentialsRequired(fields: fields)
        case (400, _) where api?.patches != nil:
            self = .patchFailed(outcomes: api?.patches ?? [], rolledBack: true)
        case (403, _), (_, "PERMISSION_DENIED"):
            self = .permissionDenied(request: request, message: message)
        case (404, _):
            self = .notFound(request: request, message: message)
        case (400, _), (413, _):
            self = .badRequest(request: request, message: message)
        default:
            self = .server(status: status, request: request, message: message)
        }
    }
}
