import Foundation
import Synchronization

/// The emulated Guacamole REST API (guacamole-client 1.5.x/1.6.0 with JDBC/PostgreSQL) under
/// `/guacamole/api` (reference: guacamole-rest-api.md §1-8, §11).
final class GuacamoleEmulator: Sendable {
    enum Endpoint: Sendable {
        case createToken, deleteToken, deleteSession, headSession, translations
        case listConnections, createConnection, patchConnections, patchGroups
        case getConnection, updateConnection, deleteConnection, connectionParameters
        case listGroups, createGroup, getGroup, updateGroup, deleteGroup, groupTree
        case userPermissions, patchUserPermissions, userEffectivePermissions
        case userGroupPermissions, patchUserGroupPermissions
        case selfUser, selfPermissions
    }

    /// One authenticated, routed request.
    struct Call {
        let request: HTTPRequest
        let captures: [String: String]
        let username: String
        var id: String { captures["id"] ?? "" }
    }

    static let basePath = "/guacamole"
    static let dataSource = "postgresql"
    static let sharedDataSource = "postgresql-shared"

    let version: String
    let options: LabOptions
    let faults: FaultInjector
    let counter: RequestCounter
    let state: LabLock<GuacState>
    let routes: RouteTable<Endpoint>
    /// Each connection's parameters answer, kept under the parameters it shows (a re-sync reads every one).
    let parameterAnswers = AnswerCache<[String: String]>()

    var isV16: Bool { version.hasPrefix("1.6") }

    init(scenario: LabScenario.GuacamoleSetup, version: String, options: LabOptions, faults: FaultInjector, counter: RequestCounter) {
        self.version = version
        self.options = options
        self.faults = faults
        self.counter = counter
        state = LabLock(Self.initialState(scenario, version: version, seed: options.faults.seed))
        routes = Self.makeRoutes()
    }

    private static func initialState(_ setup: LabScenario.GuacamoleSetup, version: String, seed: UInt64) -> GuacState {
        var state = GuacState(random: SeededRandom(seed: seed &+ 0x6AC))
        for user in setup.users {
            state.users[user.username] = GuacUserRecord(
                username: user.username, password: user.password, totpCode: user.totpCode, totpSecret: user.totpSecret,
                systemPermissions: user.admin ? GuacSchema.systemPermissions(version: version) : [])
        }
        for group in setup.userGroups ?? [] {
            state.userGroups[group.identifier] = GuacUserGroupRecord(identifier: group.identifier)
        }
        for group in setup.groups {
            let id = group.identifier ?? String(state.nextGroupID)
            state.nextGroupID = max(state.nextGroupID, (Int(id) ?? 0) + 1)
            state.groups[id] = GuacGroupRecord(identifier: id, name: group.name, parentIdentifier: group.parentIdentifier ?? "ROOT",
                                               type: group.type ?? "ORGANIZATIONAL", attributes: GuacSchema.filterGroupAttributes([:]))
        }
        for connection in setup.connections {
            let id = String(state.nextConnectionID)
            state.nextConnectionID += 1
            state.connections[id] = GuacConnectionRecord(
                identifier: id, name: connection.name, parentIdentifier: connection.parentIdentifier ?? "ROOT",
                protocol: connection.protocol, parameters: connection.parameters.filter { !$0.value.isEmpty },
                attributes: GuacSchema.filterConnectionAttributes((connection.attributes ?? [:]).mapValues { $0 }))
            for reader in connection.readableBy ?? [] {
                state.users[reader]?.connectionPermissions[id, default: []].insert("READ")
            }
        }
        return state
    }

    private static func makeRoutes() -> RouteTable<Endpoint> {
        var table = RouteTable<Endpoint>()
        let data = "/api/session/data/{ds}"
        table.add("POST", "/api/tokens", .createToken)
        table.add("DELETE", "/api/tokens/{token}", .deleteToken)
        table.add("DELETE", "/api/session", .deleteSession)
        table.add("HEAD", "/api/session", .headSession)
        table.add("GET", "/translations/en.json", .translations)
        table.add("GET", "\(data)/connections", .listConnections)
        table.add("POST", "\(data)/connections", .createConnection)
        table.add("PATCH", "\(data)/connections", .patchConnections)
        table.add("GET", "\(data)/connections/{id}", .getConnection)
        table.add("PUT", "\(data)/connections/{id}", .updateConnection)
        table.add("DELETE", "\(data)/connections/{id}", .deleteConnection)
        table.add("GET", "\(data)/connections/{id}/parameters", .connectionParameters)
        table.add("GET", "\(data)/connectionGroups", .listGroups)
        table.add("POST", "\(data)/connectionGroups", .createGroup)
        table.add("PATCH", "\(data)/connectionGroups", .patchGroups)
        table.add("GET", "\(data)/connectionGroups/{id}", .getGroup)
        table.add("PUT", "\(data)/connectionGroups/{id}", .updateGroup)
        table.add("DELETE", "\(data)/connectionGroups/{id}", .deleteGroup)
        table.add("GET", "\(data)/connectionGroups/{id}/tree", .groupTree)
        table.add("GET", "\(data)/users/{username}/permissions", .userPermissions)
        table.add("PATCH", "\(data)/users/{username}/permissions", .patchUserPermissions)
        table.add("GET", "\(data)/users/{username}/effectivePermissions", .userEffectivePermissions)
        table.add("GET", "\(data)/userGroups/{group}/permissions", .userGroupPermissions)
        table.add("PATCH", "\(data)/userGroups/{group}/permissions", .patchUserGroupPermissions)
        table.add("GET", "\(data)/self", .selfUser)
        table.add("GET", "\(data)/self/permissions", .selfPermissions)
        table.add("GET", "\(data)/self/effectivePermissions", .selfPermissions)
        return table
    }

    // MARK: request flow

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch faults.fault(server: .guacamole, method: request.method, path: request.path) {
        case .hang:
            counter.record(request.method, request.path, routes: nil)
            return .hung
        case .reset:
            counter.record(request.method, request.path, routes: nil)
            return .reset
        case .httpStatus(let code):
            counter.record(request.method, request.path, routes: nil)
            let type = code == 403 ? "PERMISSION_DENIED" : (code < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR")
            return answer(.failure(GuacFailure(status: code, type: type, message: "Injected failure (HTTP \(code)).")))
        case .resetAfterApplying:
            _ = process(request)
            return .reset
        case .malformedJSON:
            var response = process(request)
            response.body = Array(response.body.prefix(response.body.count / 2))
            return response
        case .emptyList:
            var response = process(request)
            response.body = Array("{}".utf8)
            return response
        case .gzipLabel:
            var response = process(request)
            response.headers.append(("Content-Encoding", "gzip"))
            return response
        case nil:
            return process(request)
        }
    }

    private func process(_ request: HTTPRequest) -> HTTPResponse {
        LabLatency(options.latency).spanning { processNow(request) }
    }

    private func processNow(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path.hasPrefix(Self.basePath + "/") else {
            counter.record(request.method, request.path, routes: nil)
            return answer(.failure(.frameworkError(404, "Not Found")))
        }
        let segments = RoutePattern.segments(of: String(request.path.dropFirst(Self.basePath.count)))
        guard let found = routes.find(method: request.method, segments: segments) else {
            counter.record(request.method, request.path, routes: nil)
            let knownPath = routes.routes.contains { $0.pattern.match(segments) != nil }
            return answer(.failure(.frameworkError(knownPath ? 405 : 404, knownPath ? "Method Not Allowed" : "Not Found")))
        }
        counter.record(request.method, request.path, routes: Self.basePath + found.route.pattern.template)
        return answer(route(found.route.handler, request: request, captures: found.captures))
    }

    private func route(_ endpoint: Endpoint, request: HTTPRequest, captures: [String: String]) -> Result<JSONValue?, GuacFailure> {
        switch endpoint {
        case .createToken: return createToken(request).map { $0 }
        case .deleteToken: return deleteToken(captures["token"] ?? "")
        case .translations: return .success(.obj(["APP": .obj(["VERSION": .string(version)])]))
        case .headSession:
            guard isV16 else { return .failure(.frameworkError(405, "Method Not Allowed")) }
            return session(request, touch: false).map { _ in nil }
        case .deleteSession:
            return session(request, touch: true).map { token in
                _ = state.withLock { $0.sessions.removeValue(forKey: token) }
                return nil
            }
        default:
            let token: String
            switch session(request, touch: true) {
            case .success(let valid): token = valid
            case .failure(let failure): return .failure(failure)
            }
            let username = state.withLock { $0.sessions[token]?.username } ?? ""
            let ds = captures["ds"] ?? ""
            guard ds == Self.dataSource || ds == Self.sharedDataSource else {
                return .failure(GuacFailure(status: 404, type: "NOT_FOUND",
                                            message: "Session not associated with authentication provider \"\(ds)\"."))
            }
            let call = Call(request: request, captures: captures, username: username)
            if ds == Self.sharedDataSource { return sharedDataSource(endpoint, call) }
            return dispatch(endpoint, call)
        }
    }

    private func dispatch(_ endpoint: Endpoint, _ call: Call) -> Result<JSONValue?, GuacFailure> {
        switch endpoint {
        case .listConnections: return .success(listConnections(call))
        case .createConnection: return createConnection(call).map { $0 }
        case .patchConnections: return patchConnections(call)
        case .patchGroups: return patchGroups(call)
        case .getConnection: return getConnection(call).map { $0 }
        case .updateConnection: return updateConnection(call).map { nil }
        case .deleteConnection: return deleteConnection(call).map { nil }
        case .connectionParameters: return connectionParameters(call).map { $0 }
        case .listGroups: return .success(listGroups(call))
        case .createGroup: return createGroup(call).map { $0 }
        case .getGroup: return getGroup(call).map { $0 }
        case .updateGroup: return updateGroup(call).map { nil }
        case .deleteGroup: return deleteGroup(call).map { nil }
        case .groupTree: return groupTree(call).map { $0 }
        case .userPermissions, .userEffectivePermissions: return permissions(of: call.captures["username"] ?? "", call).map { $0 }
        case .patchUserPermissions: return patchUserPermissions(call).map { nil }
        case .userGroupPermissions: return userGroupPermissions(call).map { $0 }
        case .patchUserGroupPermissions: return patchUserGroupPermissions(call).map { nil }
        case .selfUser: return .success(.obj(["username": .string(call.username), "attributes": .obj([])]))
        case .selfPermissions: return permissions(of: call.username, call).map { $0 }
        default: return .failure(.frameworkError(404, "Not Found"))
        }
    }

    /// The `-shared` data source holds no connections or groups.
    private func sharedDataSource(_ endpoint: Endpoint, _ call: Call) -> Result<JSONValue?, GuacFailure> {
        switch endpoint {
        case .listConnections, .listGroups: return .success(.obj([]))
        case .selfUser: return .success(.obj(["username": .string(call.username), "attributes": .obj([])]))
        default: return .failure(.notFound(call.id))
        }
    }

    // MARK: answers

    /// `.success(nil)` is 204; errors use the APIError shape (plain text for framework errors).
    func answer(_ result: Result<JSONValue?, GuacFailure>) -> HTTPResponse {
        switch result {
        case .success(let value?):
            return .json(value, contentType: "application/json")
        case .success(nil):
            return HTTPResponse(status: 204, reason: "No Content")
        case .failure(let failure) where failure.framework:
            return HTTPResponse(status: failure.status, reason: failure.message, headers: [("Content-Type", "text/plain")],
                                body: Array("HTTP \(failure.status) \(failure.message)".utf8))
        case .failure(let failure):
            var members: [(String, JSONValue)] = [
                ("message", .string(failure.message)),
                ("translatableMessage", failure.translationKey.map { .obj(["key": .string($0), "variables": .null]) }
                    ?? GuacFailure.translatable(failure.message)),
                ("statusCode", .null), ("expected", failure.expected),
            ]
            if isV16 { members.append(("patches", failure.patches)) }
            members.append(("type", .string(failure.type)))
            return .json(.obj(members), status: failure.status, reason: Self.reason(failure.status), contentType: "application/json")
        }
    }

    private static func reason(_ status: Int) -> String {
        [400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
         415: "Unsupported Media Type", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
         503: "Service Unavailable"][status] ?? "Error"
    }

    // MARK: request bodies

    /// A JSON body for directory writes: 415 for other media types, 400 for empty or malformed bodies.
    func jsonBody(_ call: Call, emptyMessage: String) -> Result<JSONValue, GuacFailure> {
        guard call.request.mediaType == "application/json" else {
            return .failure(.frameworkError(415, "Unsupported Media Type"))
        }
        guard !call.request.body.isEmpty else { return .failure(.badRequest(emptyMessage)) }
        guard let json = JSONValue.parse(call.request.body) else { return .failure(.frameworkError(400, "Bad Request")) }
        return .success(json)
    }

    func user(_ call: Call, in state: GuacState) -> GuacUserRecord {
        state.users[call.username] ?? GuacUserRecord(username: call.username, password: "", systemPermissions: [])
    }
}
