import Foundation

extension GuacamoleEmulator {
    /// The connection as listed or fetched: never `parameters`; all seven attributes; `activeConnections`.
    static func connectionJSON(_ connection: GuacConnectionRecord) -> JSONValue {
        .obj([
            "name": .string(connection.name), "identifier": .string(connection.identifier),
            "parentIdentifier": .string(connection.parentIdentifier), "protocol": .string(connection.protocol),
            "attributes": attributesJSON(connection.attributes, order: GuacSchema.connectionAttributes),
            "activeConnections": .int(0),
        ])
    }

    static func attributesJSON(_ attributes: [String: String?], order: [String]) -> JSONValue {
        .obj(order.map { key in (key, (attributes[key] ?? nil).map(JSONValue.string) ?? .null) })
    }

    func canRead(_ user: GuacUserRecord, connection id: String) -> Bool {
        user.isAdmin || user.connectionPermissions[id]?.contains("READ") == true
    }

    func has(_ user: GuacUserRecord, _ permission: String, connection id: String) -> Bool {
        user.isAdmin || user.connectionPermissions[id]?.contains(permission) == true
    }

    func has(_ user: GuacUserRecord, _ permission: String, group id: String) -> Bool {
        id == "ROOT" || user.isAdmin || user.connectionGroupPermissions[id]?.contains(permission) == true
    }

    /// `?permission=READ&permission=UPDATE…`: the caller must hold one of them (admins are not filtered).
    func permissionFilter(_ call: Call, _ user: GuacUserRecord) -> (String) -> Bool {
        let wanted = FormDecoding.servlet(call.request.query).filter { $0.0 == "permission" }.map(\.1)
        guard !wanted.isEmpty, !user.isAdmin else { return { _ in true } }
        return { id in wanted.contains { user.connectionPermissions[id]?.contains($0) == true } }
    }

    /// `GET /connections`: readable connections keyed by id, in shuffled order.
    func listConnections(_ call: Call) -> JSONValue {
        state.withLock { state in
            let reader = user(call, in: state)
            let allowed = permissionFilter(call, reader)
            var visible = state.connections.values.filter { canRead(reader, connection: $0.identifier) && allowed($0.identifier) }
            visible.shuffle(using: &state.random)
            return .obj(visible.map { ($0.identifier, Self.connectionJSON($0)) })
        }
    }

    func getConnection(_ call: Call) -> Result<JSONValue, GuacFailure> {
        state.withLock { state in
            guard let connection = state.connections[call.id], canRead(user(call, in: state), connection: call.id) else {
                return .failure(.notFound(call.id))
            }
            return .success(Self.connectionJSON(connection))
        }
    }

    /// `GET /connections/{id}/parameters`: clear-text values; needs ADMINISTER or UPDATE.
    func connectionParameters(_ call: Call) -> Result<JSONValue, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            guard let connection = state.connections[call.id], canRead(caller, connection: call.id) else {
                return .failure(.notFound(call.id))
            }
            guard has(caller, "UPDATE", connection: call.id) else {
                return .failure(GuacFailure(status: 403, type: "PERMISSION_DENIED", message: "Permission to read connection parameters denied."))
            }
            guard let key = Int(call.id), String(key) == call.id else { return .success(.stringMap(connection.parameters)) }
            return .success(parameterAnswers.answer(vmid: key, source: connection.parameters) { .stringMap(connection.parameters) })
        }
    }

    func createConnection(_ call: Call) -> Result<JSONValue, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when creating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        return state.withLock { state in
            let caller = user(call, in: state)
            return insertConnection(body, by: caller, into: &state).map { id in
                echo(body, identifier: id, attributes: state.connections[id]?.attributes ?? [:])
            }
        }
    }

    /// POST semantics (reference §5.4), used by POST and PATCH `add`; returns the new id.
    func insertConnection(_ body: JSONValue, by caller: GuacUserRecord, into state: inout GuacState) -> Result<String, GuacFailure> {
        guard let sentAttributes = body["attributes"]?.optionalStringMapValue else { return .failure(.internalError) }
        let parameters = body["parameters"]?.stringMapValue ?? [:]
        if let failure = checkParameterLengths(parameters) { return .failure(failure) }
        let parent = body["parentIdentifier"]?.stringValue ?? "ROOT"
        let name = body["name"]?.stringValue ?? ""
        guard caller.isAdmin || caller.systemPermissions.contains("CREATE_CONNECTION") else { return .failure(.jdbcDenied) }
        guard has(caller, "UPDATE", group: parent) else { return .failure(.jdbcDenied) }
        guard !GuacSchema.isBlank(name) else { return .failure(.badRequest("Connection names must not be blank.")) }
        guard !state.connections.containsName(name, in: parent) else {
            return .failure(.badRequest("The connection \"\(name)\" already exists."))
        }
        guard parent == "ROOT" || state.groups[parent] != nil, let proto = body["protocol"]?.stringValue else {
            return .failure(.internalError)
        }
        let id = String(state.nextConnectionID)
        state.nextConnectionID += 1
        state.connections[id] = GuacConnectionRecord(identifier: id, name: name, parentIdentifier: parent, protocol: proto,
                                                     parameters: parameters.filter { !$0.value.isEmpty },
                                                     attributes: GuacSchema.filterConnectionAttributes(sentAttributes))
        state.users[caller.username]?.connectionPermissions[id] = Set(GuacSchema.objectPermissions)
        return .success(id)
    }

    /// The create answer: the submitted object with `identifier`, filtered `attributes` and `activeConnections: 0`.
    private func echo(_ body: JSONValue, identifier: String, attributes: [String: String?]) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let name = body["name"] { members.append(("name", name)) }
        members.append(("identifier", .string(identifier)))
        if let parent = body["parentIdentifier"], !parent.isNull { members.append(("parentIdentifier", parent)) }
        if let proto = body["protocol"] { members.append(("protocol", proto)) }
        if let parameters = body["parameters"], !parameters.isNull { members.append(("parameters", parameters)) }
        members.append(("attributes", Self.attributesJSON(attributes, order: GuacSchema.connectionAttributes)))
        members.append(("activeConnections", .int(0)))
        return .obj(members)
    }

    /// 1.6.0 refuses parameter values over 4096 characters with 413.
    private func checkParameterLengths(_ parameters: [String: String]) -> GuacFailure? {
        guard isV16, let (name, _) = parameters.first(where: { $0.value.count > 4096 }) else { return nil }
        return GuacFailure(status: 413, type: "BAD_REQUEST",
                           message: "The value provided for connection parameter \"\(name)\" exceeds the maximum allowed length.")
    }

    func updateConnection(_ call: Call) -> Result<Void, GuacFailure> {
        let exists = state.withLock { state in
            state.connections[call.id] != nil && canRead(user(call, in: state), connection: call.id)
        }
        guard exists else { return .failure(.notFound(call.id)) }
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        return state.withLock { state in
            replaceConnection(call.id, with: body, by: user(call, in: state), in: &state, filterAttributes: true)
        }
    }

    /// PUT semantics (reference §5.5): a full replacement; used by PUT and PATCH `replace`.
    func replaceConnection(_ id: String, with body: JSONValue, by caller: GuacUserRecord, in state: inout GuacState,
                           filterAttributes: Bool) -> Result<Void, GuacFailure> {
        guard let old = state.connections[id], canRead(caller, connection: id) else { return .failure(.notFound(id)) }
        guard let sentAttributes = body["attributes"]?.optionalStringMapValue,
              let parameters = body["parameters"]?.stringMapValue else { return .failure(.internalError) }
        if let failure = checkParameterLengths(parameters) { return .failure(failure) }
        let parent = body["parentIdentifier"]?.stringValue ?? "ROOT"
        let name = body["name"]?.stringValue ?? ""
        guard has(caller, "UPDATE", connection: id) else { return .failure(.jdbcDenied) }
        if parent != old.parentIdentifier {
            guard has(caller, "UPDATE", group: old.parentIdentifier), has(caller, "UPDATE", group: parent) else {
                return .failure(.jdbcDenied)
            }
        }
        guard !GuacSchema.isBlank(name) else { return .failure(.badRequest("Connection names must not be blank.")) }
        guard !state.connections.containsName(name, in: parent, excluding: id) else {
            return .failure(.badRequest("The connection \"\(name)\" already exists."))
        }
        guard parent == "ROOT" || state.groups[parent] != nil, let proto = body["protocol"]?.stringValue else {
            return .failure(.internalError)
        }
        let attributes = filterAttributes
            ? GuacSchema.filterConnectionAttributes(sentAttributes, old: old.attributes) : sentAttributes
        state.connections[id] = GuacConnectionRecord(identifier: id, name: name, parentIdentifier: parent, protocol: proto,
                                                     parameters: parameters.filter { !$0.value.isEmpty }, attributes: attributes)
        return .success(())
    }

    func deleteConnection(_ call: Call) -> Result<Void, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            guard state.connections[call.id] != nil, canRead(caller, connection: call.id) else { return .failure(.notFound(call.id)) }
            return removeConnection(call.id, by: caller, in: &state)
        }
    }

    /// DELETE semantics; used by DELETE and PATCH `remove` (an admin's remove of a missing id succeeds).
    func removeConnection(_ id: String, by caller: GuacUserRecord, in state: inout GuacState) -> Result<Void, GuacFailure> {
        guard let connection = state.connections[id] else {
            return caller.isAdmin ? .success(()) : .failure(.jdbcDenied)
        }
        guard has(caller, "DELETE", connection: id), has(caller, "UPDATE", group: connection.parentIdentifier) else {
            return .failure(.jdbcDenied)
        }
        state.connections.removeValue(forKey: id)
        state.forgetGrants(connections: [id], groups: [])
        return .success(())
    }
}
