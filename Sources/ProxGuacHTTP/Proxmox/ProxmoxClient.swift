import Foundation
import Logging
import ProxGuacCore

/// The Proxmox VE REST API (`/api2/json`), authenticated with a token or a ticket.
///
/// Every per-guest call is routed to the guest's node; errors come back as `ProxmoxError` with the privilege,
/// node or guest they concern. Share one client (and one `HTTPTransport`) across tasks.
public final class ProxmoxClient: Sendable {
    /// The cluster's node URLs, tried in order (`proxmox.url` as a list).
    public let endpoints: ProxmoxEndpoints
    /// `https://host:8006`, without `/api2/json`: the node requests start with now.
    public var baseURL: String { endpoints.current }
    public let tls: TLSOptions
    public let auth: ProxmoxAuth
    let transport: HTTPTransport
    let logger: Logger
    /// How failed requests are retried (reads and full-object writes).
    let retry: RetryPolicy
    let tickets: SharedLogin<ProxmoxTicket, ProxmoxError>?

    /// - Parameter ticketRenewal: age after which a ticket is replaced (tickets live 2 h).
    public convenience init(
        baseURL: String, auth: ProxmoxAuth, tls: TLSOptions = TLSOptions(), transport: HTTPTransport, logger: Logger,
        ticketRenewal: Duration = .seconds(3600), retry: RetryPolicy = .standard
    ) throws(ProxmoxError) {
        try self.init(baseURLs: [baseURL], auth: auth, tls: tls, transport: transport, logger: logger,
                      ticketRenewal: ticketRenewal, retry: retry)
    }

    /// - Parameter baseURLs: the cluster's nodes, tried in order (see ``ProxmoxEndpoints``).
    public init(
        baseURLs: [String], auth: ProxmoxAuth, tls: TLSOptions = TLSOptions(), transport: HTTPTransport, logger: Logger,
        ticketRenewal: Duration = .seconds(3600), retry: RetryPolicy = .standard
    ) throws(ProxmoxError) {
        var bases: [String] = []
        for baseURL in baseURLs {
            guard let base = Self.normalize(baseURL) else {
                throw .invalidConfiguration("proxmox.url \"\(baseURL)\" is not valid; use https://host:8006")
            }
            bases.append(base)
        }
        guard !bases.isEmpty else { throw .invalidConfiguration("proxmox.url is missing; use https://host:8006") }
        let endpoints = ProxmoxEndpoints(bases)
        self.endpoints = endpoints
        self.tls = tls
        self.auth = auth
        self.transport = transport
        self.logger = logger
        self.retry = retry
        if case .ticket(let username, let password) = auth {
            let login = ProxmoxLogin(
                endpoints: endpoints, username: username, password: password.secret, tls: tls,
                transport: transport, retry: retry, logger: logger)
            tickets = SharedLogin(renewAfter: ticketRenewal) { await login.run() }
        } else {
            tickets = nil
        }
    }

    /// A client for the configuration's `proxmox` section.
    public convenience init(
        settings: ProxmoxSettings, transport: HTTPTransport, logger: Logger, retry: RetryPolicy = .standard
    ) throws(ProxmoxError) {
        try self.init(
            baseURLs: settings.urls.map(\.absoluteString), auth: settings.auth, tls: settings.tls, transport: transport,
            logger: logger, retry: retry)
    }

    /// Lets the transport keep `count` connections to this Proxmox URL (it serves every node: the loader reads
    /// `maxConcurrentPerNode` guests of each node at once).
    public func allowConcurrentRequests(_ count: Int) {
        transport.allowConnections(perHost: count, for: endpoints.urls.joined(separator: " "))
    }

    /// Sends one API call and decodes `data`.
    func call<T: Decodable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], form: [(String, String)] = [],
        timeout: Duration? = nil, node: String? = nil, guest: GuestReference? = nil,
        purpose: ProxmoxCallContext.Purpose = .general, as type: T.Type = T.self
    ) async throws(ProxmoxError) -> T {
        let body = try await fetch(
            method, path, query: query, form: form, timeout: timeout, node: node, guest: guest, purpose: purpose)
        return try Self.decodeData(body, request: "\(method) \(path)")
    }

    /// The `data` of an answer's envelope.
    static func decodeData<T: Decodable & Sendable>(_ body: [UInt8], request: String, as type: T.Type = T.self)
        throws(ProxmoxError) -> T
    {
        switch JSONCoding.decode(ProxmoxEnvelope<T>.self, from: body) {
        case .success(let envelope): return envelope.data
        case .failure(let error): throw .unexpectedResponse(request: request, detail: JSONCoding.describe(error))
        }
    }

    /// Sends one API call and returns the raw answer, from the first node of ``endpoints`` that answers.
    func fetch(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], form: [(String, String)] = [],
        timeout: Duration? = nil, node: String? = nil, guest: GuestReference? = nil,
        purpose: ProxmoxCallContext.Purpose = .general
    ) async throws(ProxmoxError) -> [UInt8] {
        let context = ProxmoxCallContext(request: "\(method) \(path)", node: node, guest: guest, purpose: purpose)
        let suffix = "/api2/json" + path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        var unreachable: HTTPError?
        for index in endpoints.attemptOrder() {
            do throws(NodeAttemptFailure) {
                return try await fetch(method, url: endpoints.urls[index] + suffix, form: form, timeout: timeout, context: context)
            } catch {
                switch error {
                case .final(let answer): throw answer
                case .nodeDown(let down):
                    endpoints.markUnreachable(index)
                    if endpoints.urls.count > 1 { logger.warning("Proxmox VE node \(endpoints.urls[index]) not answering: \(down.reason); trying the next URL") }
                    unreachable = down
                }
            }
        }
        throw context.map(unreachable!)  // every URL was tried and each failed as unreachable
    }

    /// Why one try at one node failed: the node is down (try the next one) or the answer is final.
    enum NodeAttemptFailure: Error {
        case nodeDown(HTTPError)
        case final(ProxmoxError)
    }

    /// One API call to one node. With a ticket, a 401 leads to one fresh login and one replay; with a token,
    /// a 401 is final (each try costs the server 3 s).
    private func fetch(
        _ method: HTTPMethod, url: String, form: [(String, String)], timeout: Duration?, context: ProxmoxCallContext
    ) async throws(NodeAttemptFailure) -> [UInt8] {
        var ticket: SharedLogin<ProxmoxTicket, ProxmoxError>.Current?
        do { ticket = try await currentTicket() } catch { throw .final(error) }
        var replayed = false
        while true {
            var headers = authorization(ticket: ticket, method: method)
            var body: [UInt8] = []
            if method.sendsBody {
                headers.append(HTTPHeader("Content-Type", FormEncoding.contentType))
                body = Array(FormEncoding.encode(form).utf8)
            }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: timeout)
            let response: HTTPResponse
            do {
                response = try await transport.send(
                    request, tls: tls, retry: retry, retryIf: context.shouldRetry, logger: logger)
            } catch {
                if ProxmoxEndpoints.isNodeDown(error, method: method) { throw .nodeDown(error) }
                guard error.status == 401, let stale = ticket, let tickets, !replayed else { throw .final(context.map(error)) }
                logger.debug("Proxmox VE ticket rejected; logging in again once")
                replayed = true
                do { ticket = try await tickets.replace(stale).get() } catch { throw .final(error) }
                continue
            }
            if let problem = WriteAnswer.problem(response.status, method: method) {
                throw .final(.unexpectedResponse(request: context.request, detail: problem))
            }
            return response.body
        }
    }

    private func currentTicket() async throws(ProxmoxError) -> SharedLogin<ProxmoxTicket, ProxmoxError>.Current? {
        guard let tickets else { return nil }
        return try await tickets.get().get()
    }

    private func authorization(ticket current: SharedLogin<ProxmoxTicket, ProxmoxError>.Current?, method: HTTPMethod)
        -> [HTTPHeader]
    {
        if let ticket = current?.value {
            var headers = [HTTPHeader("Cookie", "PVEAuthCookie=\(ticket.ticket.value)")]
            if method != .get { headers.append(HTTPHeader("CSRFPreventionToken", ticket.csrfToken.value)) }
            return headers
        }
        guard case .apiToken(let tokenID, let secret) = auth else { return [] }
        return [HTTPHeader("Authorization", "PVEAPIToken=\(tokenID)=\(secret.secret.value)")]
    }

    /// Accepts `https://host:8006`, with or without a trailing `/` or `/api2/json`.
    static func normalize(_ url: String) -> String? {
        var text = url.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/api2/json") { text.removeLast("/api2/json".count) }
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > "https://".count else { return nil }
        return text
    }
}

/// A Proxmox ticket and its CSRF token (needed on every write made with the ticket).
struct ProxmoxTicket: Sendable {
    let ticket: Secret
    let csrfToken: Secret
}

/// `{"data": …}`, the envelope of every Proxmox answer.
struct ProxmoxEnvelope<T: Decodable>: Decodable {
    let data: T
}

/// `POST /access/ticket` with user and password (form fields, never in the URL).
struct ProxmoxLogin: Sendable {
    /// The login goes to the first node that answers, like every other call.
    let endpoints: ProxmoxEndpoints
    let username: String
    let password: Secret
    let tls: TLSOptions
    let transport: HTTPTransport
    let retry: RetryPolicy
    let logger: Logger

    private struct Answer: Decodable {
        let ticket: String
        let csrfToken: String

        enum CodingKeys: String, CodingKey {
            case ticket
            case csrfToken = "CSRFPreventionToken"
        }
    }

    func run() async -> Result<ProxmoxTicket, ProxmoxError> {
        let context = ProxmoxCallContext(request: "POST /access/ticket", node: nil, guest: nil, purpose: .general)
        var unreachable: HTTPError?
        for index in endpoints.attemptOrder() {
            switch await run(url: endpoints.urls[index] + "/api2/json/access/ticket", context: context) {
            case .success(let ticket): return .success(ticket)
            case .failure(.nodeDown(let error)):
                endpoints.markUnreachable(index)
                unreachable = error
            case .failure(.final(let error)): return .failure(error)
            }
        }
        return .failure(context.map(unreachable!))  // every URL was tried and each failed as unreachable
    }

    private func run(url: String, context: ProxmoxCallContext) async -> Result<ProxmoxTicket, ProxmoxClient.NodeAttemptFailure> {
        let body = FormEncoding.encode([("username", username), ("password", password.value)])
        let request = HTTPRequest(
            method: .post, url: url, headers: [HTTPHeader("Content-Type", FormEncoding.contentType)],
            body: Array(body.utf8))
        do {
            // A login can be repeated safely (one more ticket at most).
            let response = try await transport.send(request, tls: tls, retry: retry, repeatable: true, logger: logger)
            guard case .success(let envelope) = JSONCoding.decode(ProxmoxEnvelope<Answer?>.self, from: response.body),
                let answer = envelope.data
            else { return .failure(.final(.authenticationFailed(reason: "login answered without a ticket"))) }
            return .success(
                ProxmoxTicket(ticket: Secret(answer.ticket), csrfToken: Secret(answer.csrfToken)))
        } catch {
            if ProxmoxEndpoints.isNodeDown(error, method: .post, repeatable: true) { return .failure(.nodeDown(error)) }
            return .failure(.final(context.map(error)))
        }
    }
}
