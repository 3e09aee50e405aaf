import Logging
import ProxGuacCore

/// A logged-in session: the token (secret) and the data source that holds the connections.
struct GuacamoleSession: Sendable {
    let token: Secret
    let dataSource: String
    let availableDataSources: [String]
}

/// `POST /api/tokens` with user name and password as form fields.
struct GuacamoleLogin: Sendable {
    let url: String
    let username: String
    let password: Secret
    let dataSource: String?
    let tls: TLSOptions
    let transport: HTTPTransport
    let retry: RetryPolicy
    let logger: Logger
    /// Set when the account has TOTP: the challenge is answered with a code for a step no other run used.
    var totp: GuacamoleTOTP? = nil

    /// `APIAuthenticationResult`.
    private struct Answer: Decodable {
        let authToken: String
        let username: String?
        let dataSource: String
        let availableDataSources: [String]?
    }

    /// Data sources that store connections, in order of preference.
    private static let databaseSources = ["postgresql", "mysql", "sqlserver"]

    func run() async -> Result<GuacamoleSession, GuacamoleError> {
        var fields = [("username", username), ("password", password.value)]
        var outcome = await post(fields, repeatable: true)
        if case .failure(.totpRequired) = outcome, let totp {
            // The TOTP extension's challenge (403 INSUFFICIENT_CREDENTIALS asking for guac-totp): the same fields
            // again plus the code. Not repeated on a transient failure: a code that reached the server is used up.
            let step: Int64
            do {
                step = try await totp.ledger.reserve(account: "\(username) \(url)", generator: totp.generator)
            } catch {
                return .failure(.totpStepRecord(error.description))
            }
            logger.debug("Guacamole asked for a TOTP code; answering with time step \(step)")
            fields.append(("guac-totp", totp.generator.code(step: step)))
            outcome = await post(fields, repeatable: false)
            if case .failure(.badRequest) = outcome { return .failure(.totpRejected) }
        }
        let response: HTTPResponse
        switch outcome {
        case .failure(let error): return .failure(error)
        case .success(let answer): response = answer
        }
        switch JSONCoding.decode(Answer.self, from: response.body) {
        case .failure(let error):
            return .failure(.unexpectedResponse(request: "POST /api/tokens", detail: JSONCoding.describe(error)))
        case .success(let answer):
            let available = answer.availableDataSources ?? [answer.dataSource]
            return choose(from: answer.dataSource, available: available).map {
                GuacamoleSession(token: Secret(answer.authToken), dataSource: $0, availableDataSources: available)
            }
        }
    }

    private func post(_ fields: [(String, String)], repeatable: Bool) async -> Result<HTTPResponse, GuacamoleError> {
        let request = HTTPRequest(
            method: .post, url: url, headers: [HTTPHeader("Content-Type", FormEncoding.contentType)],
            body: Array(FormEncoding.encode(fields).utf8))
        do {
            // Repeating a login costs at most one more session, so failed tries are retried.
            return .success(try await transport.send(request, tls: tls, retry: retry, repeatable: repeatable, logger: logger))
        } catch {
            return .failure(GuacamoleError(error, request: "POST /api/tokens"))
        }
    }

    /// The configured source if offered; else the login's own when it stores connections, else the first
    /// database source offered, else the login's.
    private func choose(from loginSource: String, available: [String]) -> Result<String, GuacamoleError> {
        if let dataSource {
            guard available.contains(dataSource) else {
                return .failure(.dataSourceUnavailable(requested: dataSource, available: available))
            }
            return .success(dataSource)
        }
        if Self.databaseSources.contains(loginSource) { return .success(loginSource) }
        return .success(available.first(where: Self.databaseSources.contains) ?? loginSource)
    }
}
