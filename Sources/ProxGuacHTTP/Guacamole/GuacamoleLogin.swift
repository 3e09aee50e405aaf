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
        let body = FormEncoding.encode([("username", username), ("password", password.value)])
        let request = HTTPRequest(
            method: .post, url: url, headers: [HTTPHeader("Content-Type", FormEncoding.contentType)],
            body: Array(body.utf8))
        let response: HTTPResponse
        do {
            // Repeating a login costs at most one more session, so failed tries are retried.
            response = try await transport.send(request, tls: tls, retry: retry, repeatable: true, logger: logger)
        } catch {
            return .failure(GuacamoleError(error, request: "POST /api/tokens"))
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
