extension GuacamoleEmulator {
    static func groupJSON(_ group: GuacGroupRecord) -> JSONValue {
        .obj([
            "name": .string(group.name), "identifier": .string(group.identifier),
            "parentIdentifier": .string(group.parentIdentifier), "type": .string(group.type),
            "activeConnections": .int(0),
            "attributes": attributesJSON(group.attributes, order: GuacSchema.groupAttributes),
        ])
    }

    static let rootJSON: JSONValue = .obj([
        "name": .string("ROOT"), "identifier": .string("ROOT"), "type": .string("ORGANIZATIONAL"),
        "activeConnections": .int(0), "attributes": .obj([]),
    ])

    func canRead(_ user: GuacUserRecord, group id: String) -> Bool {
        id == "ROOT" || user.isAdmin || user.connectionGroupPermissions[id]?.contains("READ") == true
    }

    /// `GET /connectionGroups`: readable groups keyed by id, ROOT never included.
    func listGroups(_ call: Call) -> JSONValue {
        state.withLock { state in
            let reader = user(call, in: state)
            var visible = state.groups.values.filter { canRead(reader, group: $0.identifier) }
            visible.shuffle(using: &state.random)
            return .obj(visible.map { ($0.identifier, Self.groupJSON($0)) })
        }
    }

    func getGroup(_ call: Call) -> Result<JSONValue, GuacFailure> {
        if call.id == "ROOT" { return .success(Self.rootJSON) }
        return state.withLock { state in
            guard let group = state.groups[call.id], canRead(user(call, in: state), group: call.id) else {
                return .failure(.notFound(call.id))
            }
            return .success(Self.groupJSON(group))
        }
    }

    /// `GET /connectionGroups/{id}/tree`: readable descendants nested; empty child lists left out.
    func groupTree(_ call: Call) -> Result<JSONValue, GuacFailure> {
        state.withLock { state in
            let reader = user(call, in: state)
            let top: JSONValue
            if call.id == "ROOT" {
                top = Self.rootJSON
            } else if let group = state.groups[call.id], canRead(reader, group: call.id) {
                top = Self.groupJSON(group)
            } else {
                return .failure(.notFound(call.id))
            }
            return .success(tree(top, id: call.id, reader: reader, allowed: permissionFilter(call, reader), state: state))
        }
    }

    private func tree(_ node: JSONValue, id: String, reader: GuacUserRecord, allowed: (String) -> Bool, state: GuacState) -> JSONValue {
        guard case .object(var members) = node else { return node }
        let connections = state.connections.values
            .filter { $0.parentIdentifier == id && canRead(reader, connection: $0.identifier) && allowed($0.identifier) }
            .sorted { (Int($0.identifier) ?? 0) < (Int($1.identifier) ?? 0) }
        let groups = state.groups.values
            .filter { $0.parentIdentifier == id && canRead(reader, group: $0.identifier) }
            .sorted { (Int($0.identifier) ?? 0) < (Int($1.identifier) ?? 0) }
        if !groups.isEmpty {
            members.append(.init(key: "childConnectionGroups", value: .array(groups.map {
                tree(Self.groupJSON($0), id: $0.identifier, reader: reader, allowed: allowed, state: state)
            })))
        }
        if !connections.isEmpty {
            members.append(.init(key: "childConnections", value: .array(connections.map(Self.connectionJSON))))
        }
        return .object(members)
    }

    func createGroup(_ call: Call) -> Result<JSONValue, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when creating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        return state.withLock { state in
            let caller = user(call, in: state)
            return insertGroup(body, by: caller, into: &state).map { id in
                let group = state.groups[id]
                var answer: [(String, JSONValue)] = [("name", .string(group?.name ?? "")), ("identifier", .string(id))]
                if let sentParent = body["parentIdentifier"], !sentParent.isNull { answer.append(("parentIdentifier", sentParent)) }
                answer += [("type", .string(group?.type ?? "")), ("activeConnections", .int(0)),
                           ("attributes", Self.attributesJSON(group?.attributes ?? [:], order: GuacSchema.groupAttributes))]
                return .obj(answer)
            }
        }
    }

    /// POST semantics, used by POST and PATCH `add`; returns the new id.
    func insertGroup(_ body: JSONValue, by caller: GuacUserRecord, into state: inout GuacState) -> Result<String, GuacFailure> {
        guard let sentAttributes = body["attributes"]?.optionalStringMapValue else { return .failure(.internalError) }
        let parent = body["parentIdentifier"]?.stringValue ?? "ROOT"
        let name = body["name"]?.stringValue ?? ""
        guard caller.isAdmin || caller.systemPermissions.contains("CREATE_CONNECTION_GROUP"),
              has(caller, "UPDATE", group: parent) else { return .failure(.jdbcDenied) }
        guard !GuacSchema.isBlank(name) else {
            return .failure(.badRequest("Connection group names must not be blank."))
        }
        guard !state.groups.values.contains(where: { $0.parentIdentifier == parent && $0.name == name }) else {
            return .failure(.badRequest("The connection group \"\(name)\" already exists."))
        }
        guard let type = body["type"]?.stringValue, ["ORGANIZATIONAL", "BALANCING"].contains(type),
              parent == "ROOT" || state.groups[parent] != nil else { return .failure(.internalError) }
        let id = String(state.nextGroupID)
        state.nextGroupID += 1
        state.groups[id] = GuacGroupRecord(identifier: id, name: name, parentIdentifier: parent, type: type,
                                           attributes: GuacSchema.filterGroupAttributes(sentAttributes))
        state.users[caller.username]?.connectionGroupPermissions[id] = Set(GuacSchema.objectPermissions)
        return .success(id)
    }

    func updateGroup(_ call: Call) -> Result<Void, GuacFailure> {
        if call.id == "ROOT" { return .failure(.internalError) }
        let exists = state.withLock { state in state.groups[call.id] != nil && canRead(user(call, in: state), group: call.id) }
        guard exists else { return .failure(.notFound(call.id)) }
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        return state.withLock { state in
            let caller = user(call, in: state)
            guard let old = state.groups[call.id] else { return .failure(.notFound(call.id)) }
            guard let sentAttributes = body["attributes"]?.optionalStringMapValue else { return .failure(.internalError) }
            let parent = body["parentIdentifier"]?.stringValue ?? "ROOT"
            let name = body["name"]?.stringValue ?? ""
            guard has(caller, "UPDATE", group: call.id) else { return .failure(.jdbcDenied) }
            if parent != old.parentIdentifier, !(has(caller, "UPDATE", group: parent) && has(caller, "UPDATE", group: old.parentIdentifier)) {
                return .failure(.jdbcDenied)
            }
            guard !GuacSchema.isBlank(name) else {
                return .failure(.badRequest("Connection group names must not be blank."))
            }
            guard !state.groups.values.contains(where: { $0.name == name && $0.parentIdentifier == parent && $0.identifier != call.id }) else {
                return .failure(.badRequest("The connection group \"\(name)\" already exists."))
            }
            if state.subtree(of: call.id).contains(parent) {
                return .failure(GuacFailure(status: 501, type: "INTERNAL_ERROR", message: "A connection group may not contain itself."))
            }
            guard let type = body["type"]?.stringValue, parent == "ROOT" || state.groups[parent] != nil else {
                return .failure(.internalError)
            }
            state.groups[call.id] = GuacGroupRecord(identifier: call.id, name: name, parentIdentifier: parent, type: type,
                                                    attributes: GuacSchema.filterGroupAttributes(sentAttributes))
            return .success(())
        }
    }

    /// `DELETE /connectionGroups/{id}`: cascades to every group and connection inside it.
    func deleteGroup(_ call: Call) -> Result<Void, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            if call.id == "ROOT" { return .failure(caller.isAdmin ? .internalError : .jdbcDenied) }
            return removeGroup(call.id, by: caller, in: &state)
        }
    }

    /// DELETE semantics (cascading), used by DELETE and PATCH `remove`.
    func removeGroup(_ id: String, by caller: GuacUserRecord, in state: inout GuacState) -> Result<Void, GuacFailure> {
        guard let group = state.groups[id], canRead(caller, group: id) else { return .failure(.notFound(id)) }
        guard has(caller, "DELETE", group: id), has(caller, "UPDATE", group: group.parentIdentifier) else {
            return .failure(.jdbcDenied)
        }
        let doomed = state.subtree(of: id)
        let doomedConnections = state.connections.values.filter { doomed.contains($0.parentIdentifier) }.map(\.identifier)
        for id in doomed { state.groups.removeValue(forKey: id) }
        for id in doomedConnections { state.connections.removeValue(forKey: id) }
        state.forgetGrants(connections: doomedConnections, groups: doomed)
        return .success(())
    }
}
