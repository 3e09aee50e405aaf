import Foundation
import Synchronization

/// The emulated Proxmox VE API under `/api2/json` (reference: proxmox-ve-api.md §1-9).
final class ProxmoxEmulator: Sendable {
    enum Endpoint: Sendable {
        case version, ticket, permissions, clusterResources, nodes
        case guestList(LabScenario.GuestType)
        case config(LabScenario.GuestType)
        case agent(String)
        case lxcInterfaces
        case statusCurrent(LabScenario.GuestType)
        case power(LabScenario.GuestType, String)
        case taskStatus
    }

    /// One authenticated, routed request.
    struct Call: Sendable {
        let method: String
        /// Path without `/api2/json`.
        let path: String
        let captures: [String: String]
        let params: [String: String]
        let identity: PVEIdentity
    }

    static let jsonContentType = "application/json;charset=UTF-8"
    static let apiPrefix = "/api2/json"

    let profile: ProxmoxProfile
    let options: LabOptions
    let access: LabScenario.ProxmoxAccess
    let faults: FaultInjector
    let workers: NodeWorkers
    let counter: RequestCounter
    let state: LabLock<PVEState>
    let routes: RouteTable<Endpoint>
    /// Each guest's `GET …/config` answer, kept under the config's digest (see `configAnswer`).
    let configAnswers = AnswerCache<String>()
    /// Each guest's agent `network-get-interfaces` result, kept under its interfaces.
    let agentInterfaceAnswers = AnswerCache<[LabScenario.Interface]>()
    /// Each running container's `GET lxc/{vmid}/interfaces` answer, kept under its interfaces (the profile is fixed).
    let lxcInterfaceAnswers = AnswerCache<[LabScenario.Interface]>()
    /// Set once the TLS identity is known: `ssl_fingerprint` in `/nodes`.
    let fingerprint: String

    init(scenario: LabScenario, options: LabOptions, profile: ProxmoxProfile, faults: FaultInjector,
         counter: RequestCounter, fingerprint: String) {
        self.profile = profile
        self.options = options
        access = scenario.proxmox
        self.faults = faults
        self.counter = counter
        self.fingerprint = fingerprint
        workers = NodeWorkers(limit: options.nodeWorkerLimit)
        var guests: [Int: PVEGuest] = [:]
        for guest in scenario.guests { guests[guest.vmid] = PVEGuest(guest, legacyPercent: profile.legacyPercent) }
        var online: [String: Bool] = [:]
        for node in scenario.nodes { online[node.name] = node.online }
        state = LabLock(PVEState(guests: guests, nodesOnline: online, nodeOrder: scenario.nodes.map(\.name),
                               random: SeededRandom(seed: options.faults.seed &+ 0x5EED),
                               staleResourceCalls: max(0, options.staleResourceCalls)))
        routes = Self.makeRoutes()
    }

    private static func makeRoutes() -> RouteTable<Endpoint> {
        var table = RouteTable<Endpoint>()
        table.add("GET", "/version", .version)
        table.add("POST", "/access/ticket", .ticket)
        table.add("GET", "/access/permissions", .permissions)
        table.add("GET", "/cluster/resources", .clusterResources)
        table.add("GET", "/nodes", .nodes)
        table.add("GET", "/nodes/{node}/tasks/{upid}/status", .taskStatus)
        for type in [LabScenario.GuestType.qemu, .lxc] {
            let base = "/nodes/{node}/\(type.rawValue)"
            table.add("GET", base, .guestList(type))
            table.add("GET", "\(base)/{vmid}/config", .config(type))
            table.add("PUT", "\(base)/{vmid}/config", .config(type))
            table.add("GET", "\(base)/{vmid}/status/current", .statusCurrent(type))
            for action in ["start", "stop", "shutdown"] {
                table.add("POST", "\(base)/{vmid}/status/\(action)", .power(type, action))
            }
        }
        table.add("POST", "/nodes/{node}/qemu/{vmid}/config", .config(.qemu))
        table.add("GET", "/nodes/{node}/lxc/{vmid}/interfaces", .lxcInterfaces)
        for command in ["network-get-interfaces", "get-host-name", "get-osinfo"] {
            table.add("GET", "/nodes/{node}/qemu/{vmid}/agent/\(command)", .agent(command))
        }
        table.add("POST", "/nodes/{node}/qemu/{vmid}/agent/ping", .agent("ping"))
        return table
    }

    // MARK: request flow

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch faults.fault(server: .proxmox, method: request.method, path: request.path) {
        case .hang:
            counter.record(request.method, request.path, routes: nil)
            return .hung
        case .reset:
            counter.record(request.method, request.path, routes: nil)
            return .reset
        case .httpStatus(let code):
            counter.record(request.method, request.path, routes: nil)
            return answer(.failure(PVEFailure(status: code, message: Self.standardReason(code))))
        case .resetAfterApplying:
            _ = process(request)
            return .reset
        case .malformedJSON:
            var response = process(request)
            response.body = Array(response.body.prefix(response.body.count / 2))
            return response
        case .emptyList:
            var response = process(request)
            response.body = Array(#"{"data":[]}"#.utf8)
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
        guard request.path.hasPrefix("/api2/") else {
            counter.record(request.method, request.path, routes: nil)
            return answer(.failure(PVEFailure(status: 501, message: "no such uri")))
        }
        guard request.path.hasPrefix(Self.apiPrefix + "/") || request.path == Self.apiPrefix else {
            counter.record(request.method, request.path, routes: nil)
            return answer(.failure(PVEFailure(status: 501, message: "no formatter for uri \(request.path)")))
        }
        let apiPath = String(request.path.dropFirst(Self.apiPrefix.count))
        let segments = RoutePattern.segments(of: apiPath)
        let found = routes.find(method: request.method, segments: segments)
        counter.record(request.method, request.path, routes: found.map { Self.apiPrefix + $0.route.pattern.template })
        if let failure = transportFailure(request) { return answer(.failure(failure)) }

        let params: [String: String]
        switch parameters(request) {
        case .success(let decoded): params = decoded
        case .failure(let failure): return answer(.failure(failure))
        }

        if case .ticket? = found?.route.handler {
            return withLatency { answer(createTicket(params)) }
        }
        let identity: PVEIdentity
        switch authenticate(request) {
        case .success(let who): identity = who
        case .failure(let failure):
            if options.authFailureDelay > .zero { Thread.sleep(forTimeInterval: options.authFailureDelay.seconds) }
            return answer(.failure(failure))
        }
        guard let found else {
            return withLatency { answer(.failure(.notImplemented(request.method, apiPath))) }
        }
        let call = Call(method: request.method, path: apiPath, captures: found.captures, params: params, identity: identity)
        guard let node = found.captures["node"] else {
            return withLatency { answer(dispatch(found.route.handler, call)) }
        }
        if let failure = nodeFailure(node) { return answer(.failure(failure)) }
        return workers.run(node: node) {
            return withLatency { answer(dispatch(found.route.handler, call)) }
        }
    }

    private func dispatch(_ endpoint: Endpoint, _ call: Call) -> Result<JSONValue, PVEFailure> {
        switch endpoint {
        case .version: return .success(versionInfo())
        case .ticket: return createTicket(call.params)
        case .permissions: return permissions(call)
        case .clusterResources: return clusterResources(call)
        case .nodes: return .success(nodeList(call))
        case .guestList(let type): return .success(guestList(call, type: type))
        case .config(let type): return call.method == "GET" ? readConfig(call, type: type) : writeConfig(call, type: type)
        case .agent(let command): return agentCommand(call, command: command)
        case .lxcInterfaces: return lxcInterfaces(call)
        case .statusCurrent(let type): return statusCurrent(call, type: type)
        case .power(let type, let action): return power(call, type: type, action: action)
        case .taskStatus: return taskStatus(call)
        }
    }

    private func withLatency<T>(_ body: () -> T) -> T {
        LabLatency(options.latency).spanning(body)
    }

    /// pveproxy's checks before any handler runs (reference §1).
    private func transportFailure(_ request: HTTPRequest) -> PVEFailure? {
        if request.wasChunked { return PVEFailure(status: 501, message: "chunked transfer encoding not supported") }
        guard ["GET", "POST", "PUT", "DELETE"].contains(request.method) else {
            return PVEFailure(status: 501, message: "method '\(request.method)' not available")
        }
        guard request.version.hasPrefix("HTTP/1.") else {
            return PVEFailure(status: 506, message: "http protocol version \(request.version.dropFirst(5)) not supported")
        }
        if (request.method == "GET" || request.method == "DELETE"), !request.body.isEmpty {
            return PVEFailure(status: 501, message: "Unexpected content for method '\(request.method)'")
        }
        if !request.body.isEmpty, !["application/x-www-form-urlencoded", "application/json", ""].contains(request.mediaType) {
            return PVEFailure(status: 506, message: "upload 'Content-Type '\(request.mediaType)' not implemented")
        }
        return nil
    }

    /// Body parameters (form or JSON) merged with the query string; the query wins.
    private func parameters(_ request: HTTPRequest) -> Result<[String: String], PVEFailure> {
        var params: [String: String] = [:]
        if !request.body.isEmpty {
            if request.mediaType == "application/json" {
                guard let json = JSONValue.parse(request.body), let map = json.stringMapValue else {
                    return .failure(PVEFailure(status: 400, message: "malformed JSON body"))
                }
                params = map
            } else {
                params = FormDecoding.dictionary(FormDecoding.proxmox(request.bodyText))
            }
        }
        for (key, value) in FormDecoding.proxmox(request.query) { params[key] = value }
        return .success(params)
    }

    /// 595 for an unreachable node; 500 for a node name that does not exist.
    private func nodeFailure(_ node: String) -> PVEFailure? {
        let online = state.withLock { $0.nodesOnline[node] }
        guard let online else {
            return .server("hostname lookup '\(node)' failed - failed to get address info for: \(node): Name or service not known")
        }
        if !online || faults.current.offlineNodes.contains(node) {
            return PVEFailure(status: 595, message: "No route to host", emptyBody: true)
        }
        return nil
    }

    // MARK: answers

    func answer(_ result: Result<JSONValue, PVEFailure>) -> HTTPResponse {
        switch result {
        case .success(let data):
            return .json(.obj(["data": data]), contentType: Self.jsonContentType)
        case .failure(let failure):
            let reason = failure.message.split(separator: "\n").first.map(String.init) ?? ""
            if failure.emptyBody { return HTTPResponse(status: failure.status, reason: reason) }
            var members: [(String, JSONValue)] = [("data", .null)]
            if let errors = failure.errors { members.append(("errors", .stringMap(errors))) }
            if profile.errorBodiesHaveMessage {
                let text = failure.message.hasSuffix("\n") ? failure.message : failure.message + "\n"
                members.append(("message", .string(text)))
            }
            return .json(.obj(members), status: failure.status, reason: reason, contentType: Self.jsonContentType)
        }
    }

    static func standardReason(_ code: Int) -> String {
        switch code {
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Error \(code)"
        }
    }

    // MARK: shared lookups for handlers

    /// The guest, checked against the node in the URL like `load_config` does.
    func lookupGuest(_ call: Call, type: LabScenario.GuestType, in state: PVEState) -> Result<PVEGuest, PVEFailure> {
        guard let vmid = Int(call.captures["vmid"] ?? "") else {
            return .failure(.parameter("vmid", "type check ('integer') failed - got '\(call.captures["vmid"] ?? "")'"))
        }
        let node = call.captures["node"] ?? ""
        guard let guest = state.guests[vmid], guest.node == node, guest.type == type else {
            let file = type == .qemu ? "nodes/\(node)/qemu-server/\(vmid).conf" : "nodes/\(node)/lxc/\(vmid).conf"
            return .failure(.server("Configuration file '\(file)' does not exist"))
        }
        return .success(guest)
    }

    /// 403 unless the caller holds one of `privileges` on `/vms/<vmid>` (checked before lookup).
    func requireVM(_ call: Call, _ privileges: [String]) -> PVEFailure? {
        let vmid = call.captures["vmid"] ?? ""
        let pool = Int(vmid).flatMap { id in state.withLock { $0.guests[id]?.pool } }
        let path = "/vms/\(vmid)"
        return call.identity.has(anyOf: privileges, on: path, pool: pool) ? nil : .permission(path, privileges)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
