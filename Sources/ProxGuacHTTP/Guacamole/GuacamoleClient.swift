import Foundation
import Logging
import ProxGuacCore
import Synchronization

/// The Guacamole REST API (`<base>/api`), logged in as one user with a session token.
///
/// The token travels in the `Guacamole-Token` header, never in a URL. When it expires (403 `Permission
/// Denied.`), the client logs in again once and replays the request. Share one client across tasks.
public final class GuacamoleClient: Sendable {
    /// The web application's URL, e.g. `https://host/guacamole`, without a trailing slash.
    public let baseURL: String
    public let tls: TLSOptions
    let username: String
    let transport: HTTPTransport
    let logger: Logger
    /// How failed requests are retried (reads, updates, deletes; creates after a check).
    let retry: RetryPolicy
    let session: SharedLogin<GuacamoleSession, GuacamoleError>
    let patchSupport = Mutex(PatchSupport.unknown)

    enum PatchSupport: Sendable { case unknown, atomic, removeOnly }

    /// - Parameter dataSource: `guacamole.dataSource`; nil picks the login's (preferring a JDBC one).
    public init(
        baseURL: String, username: String, password: Secret, dataSource: String? = nil, tls: TLSOptions = TLSOptions(),
        transport: HTTPTransport, logger: Logger, retry: RetryPolicy = .standard, totp: GuacamoleTOTP? = nil
    ) throws(GuacamoleError) {
        guard let base = Self.normalize(baseURL) else {
            throw .invalidConfiguration("guacamole URL \"\(baseURL)\" is not valid; use https://host/guacamole")
        }
        guard !username.isEmpty else { throw .invalidConfiguration("guacamole.username is empty; set it") }
        guard !password.isEmpty else { throw .invalidConfiguration("the Guacamole password is empty; set it") }
        self.baseURL = base
        self.tls = tls
        self.username = username
        self.transport = transport
        self.logger = logger
        self.retry = retry
        let login = GuacamoleLogin(
            url: base + "/api/tokens", username: username, password: password, dataSource: dataSource, tls: tls,
            transport: transport, retry: retry, logger: logger, totp: totp)
        session = SharedLogin(renewAfter: nil) { await login.run() }
    }

    /// A client for the configuration's `guacamole` section. With `guacamole.totp*` set, TOTP steps are recorded
    /// in `stateDirectory` (see ``TOTPStepLedger``).
    public convenience init(
        settings: GuacamoleSettings, transport: HTTPTransport, logger: Logger, retry: RetryPolicy = .standard,
        stateDirectory: String = "."
    ) throws(GuacamoleError) {
        try self.init(
            baseURL: settings.url.absoluteString, username: settings.username, password: settings.password.secret,
            dataSource: settings.dataSource, tls: settings.tls, transport: transport, logger: logger, retry: retry,
            totp: GuacamoleTOTP(settings: settings.totp, stateDirectory: stateDirectory))
    }

    /// Logs in now (otherwise the first call does) and returns the data source in use.
    @discardableResult
    public func login() async throws(GuacamoleError) -> String {
        try await session.get().get().value.dataSource
    }

    /// Ends the session for good (the process is stopping): no request logs in again afterwards, and a
    /// login still under way is waited for and logged out too. Failures are ignored (tokens expire).
    public func closeSession() async {
        let closed = GuacamoleError.invalidConfiguration("the Guacamole session was closed: the run is stopping")
        for value in await session.close(closed) { try? await endSession(value) }
    }

    /// Ends the session (`DELETE /api/session`). Harmless when not logged in.
    public func logout() async throws(GuacamoleError) {
        guard let current = await session.clear() else { return }
        try await endSession(current)
    }

    private func endSession(_ current: GuacamoleSession) async throws(GuacamoleError) {
        let request = HTTPRequest(
            method: .delete, url: baseURL + "/api/session", headers: [HTTPHeader("Guacamole-Token", current.token.value)])
        do {
            _ = try await transport.send(request, tls: tls)
        } catch {
            if error.status == 403 { return }  // already expired
            throw GuacamoleError(error, request: "DELETE /api/session")
        }
    }

    /// How often one request may be replayed after its token expired (see ``exchange(_:_:json:repeatable:)``).
    static let maximumTokenReplays = 3

    /// Sends one authenticated request. `path` is relative to `/api/session/data/{dataSource}` unless it starts
    /// with `/api`. Replays with a fresh token when the old one expired: once normally, and again (at most
    /// ``maximumTokenReplays`` times) only when the fresh token, shared with concurrent requests, expired too
    /// before this request got to use it. Each replay follows a new login, so nothing loops on one token.
    /// Transient failures are retried (``RetryPolicy``) when the method is safe to repeat or `repeatable` says so.
    func exchange(_ method: HTTPMethod, _ path: String, json body: [UInt8]? = nil, repeatable: Bool? = nil)
        async throws(GuacamoleError)
        -> (response: Result<HTTPResponse, HTTPError>, request: String)
    {
        var current = try await session.get().get()
        var replays = 0
        while true {
            let route = path.hasPrefix("/api") ? path : "/api/session/data/\(Self.segment(current.value.dataSource))/\(path)"
            let label = "\(method) \(route)"
            var headers = [HTTPHeader("Guacamole-Token", current.value.token.value)]
            if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
            let request = HTTPRequest(method: method, url: baseURL + route, headers: headers, body: body ?? [])
            let response: HTTPResponse
            do {
                response = try await transport.send(
                    request, tls: tls, retry: retry, repeatable: repeatable, logger: logger)
            } catch {
                guard replays < Self.maximumTokenReplays, Self.isExpiredToken(error) else { return (.failure(error), label) }
                logger.debug("Guacamole token expired; logging in again")
                replays += 1
                current = try await session.replace(current).get()
                continue
            }
            try WriteAnswer.check(response.status, method: method, request: label)
            return (.success(response), label)
        }
    }

    /// Sends and decodes the JSON answer.
    func call<T: Decodable>(_ method: HTTPMethod, _ path: String, json body: [UInt8]? = nil, as type: T.Type = T.self)
        async throws(GuacamoleError) -> T
    {
        let (result, label) = try await exchange(method, path, json: body)
        return try Self.decode(Self.success(result, label), label)
    }

    static func decode<T: Decodable>(_ response: HTTPResponse, _ label: String, as type: T.Type = T.self)
        throws(GuacamoleError) -> T
    {
        switch JSONCoding.decode(T.self, from: response.body) {
        case .success(let value): return value
        case .failure(let error): throw .unexpectedResponse(request: label, detail: JSONCoding.describe(error))
        }
    }

    /// Sends a request whose answer has no body worth reading (204).
    func perform(_ method: HTTPMethod, _ path: String, json body: [UInt8]? = nil, repeatable: Bool? = nil)
        async throws(GuacamoleError)
    {
        let (result, label) = try await exchange(method, path, json: body, repeatable: repeatable)
        _ = try Self.success(result, label)
    }

    static func success(_ result: Result<HTTPResponse, HTTPError>, _ label: String) throws(GuacamoleError)
        -> HTTPResponse
    {
        switch result {
        case .success(let response): return response
        case .failure(let error): throw GuacamoleError(error, request: label)
        }
    }

    /// An expired, unknown or missing token: 403 `PERMISSION_DENIED` with `Permission Denied.` (capital D;
    /// refused operations say `Permission denied.`).
    static func isExpiredToken(_ error: HTTPError) -> Bool {
        guard error.status == 403, let api = GuacamoleAPIError.decode(error.body) else { return false }
        return api.type == "PERMISSION_DENIED" && api.message == "Permission Denied."
    }

    /// One path segment, percent-encoded (identifiers, user names, data sources).
    static func segment(_ text: String) -> String {
        FormEncoding.percentEncode(text)
    }

    static func normalize(_ url: String) -> String? {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/api") { text.removeLast("/api".count) }
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > "https://".count else { return nil }
        return text
    }
}
