extension GuacamoleEmulator {
    /// `GET /users/{u}/permissions` (and effective / self): explicit grants, all seven keys.
    func permissions(of username: String, _ call: Call) -> Result<JSONValue, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            guard let target = state.users[username], caller.isAdmin || caller.username == username else {
                return .failure(.notFound(username))
            }
            let selfPermissions: [String] = target.isAdmin ? ["READ", "UPDATE", "ADMINISTER"] : ["READ"]
            return .success(Self.permissionSetJSON(target, userPermissions: [(target.username, selfPermissions)]))
        }
    }

    /// `GET /userGroups/{g}/permissions`: the group's explicit grants; an unknown group (or one the caller
    /// may not read: only admins here) is 404 `Not found: "<g>"`.
    func userGroupPermissions(_ call: Call) -> Result<JSONValue, GuacFailure> {
        let identifier = call.captures["group"] ?? ""
        return state.withLock { state in
            guard let group = state.userGroups[identifier], user(call, in: state).isAdmin else {
                return .failure(.notFound(identifier))
            }
            return .success(Self.permissionSetJSON(group, userPermissions: []))
        }
    }

    /// `APIPermissionSet`: all seven keys, permission arrays in enum order.
    private static func permissionSetJSON(_ holder: some GuacGrantHolder, userPermissions: [(String, [String])]) -> JSONValue {
        func objectMap(_ map: [String: Set<String>]) -> JSONValue {
            .obj(map.keys.sorted().map { id in
                (id, .array(GuacSchema.objectPermissions.filter { map[id]?.contains($0) == true }.map(JSONValue.string)))
            })
        }
        return .obj([
            "connectionPermissions": objectMap(holder.connectionPermissions),
            "connectionGroupPermissions": objectMap(holder.connectionGroupPermissions),
            "sharingProfilePermissions": .obj([]),
            "activeConnectionPermissions": .obj([]),
            "userPermissions": .obj(userPermissions.map { ($0.0, .array($0.1.map(JSONValue.string))) }),
            "userGroupPermissions": .obj([]),
            "systemPermissions": .array(holder.systemPermissions.map(JSONValue.string)),
        ])
    }

    /// `PATCH /users/{u}/permissions`: add/remove grants (reference §8.3); 204.
    func patchUserPermissions(_ call: Call) -> Result<Void, GuacFailure> {
        let username = call.captures["username"] ?? ""
        return patchGrants(call, target: username, at: \.users[username]) { caller in
            caller.isAdmin || caller.username == username
        }
    }

    /// `PATCH /userGroups/{g}/permissions`: as for users; an unknown group is 404 `Not found: "<g>"`.
    func patchUserGroupPermissions(_ call: Call) -> Result<Void, GuacFailure> {
        let identifier = call.captures["group"] ?? ""
        return patchGrants(call, target: identifier, at: \.userGroups[identifier]) { $0.isAdmin }
    }

    /// Applies every operation to a copy of the holder and stores it only when all succeeded.
    private func patchGrants<Holder: GuacGrantHolder>(
        _ call: Call, target: String, at holderPath: WritableKeyPath<GuacState, Holder?>,
        visible: (GuacUserRecord) -> Bool
    ) -> Result<Void, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        guard case .array(let operations) = body else { return .failure(.frameworkError(400, "Bad Request")) }
        return state.withLock { state in
            let caller = user(call, in: state)
            guard var holder = state[keyPath: holderPath], visible(caller) else { return .failure(.notFound(target)) }
            for operation in operations {
                if let failure = apply(operation, by: caller, to: &holder) { return .failure(failure) }
            }
            state[keyPath: holderPath] = holder
            return .success(())
        }
    }

    /// One `{"op","path","value"}` permission change; the failure that stops the request, if any.
    private func apply(_ operation: JSONValue, by caller: GuacUserRecord, to holder: inout some GuacGrantHolder) -> GuacFailure? {
        let op = operation["op"]?.stringValue ?? ""
        let path = operation["path"]?.stringValue ?? ""
        let value = operation["value"]?.stringValue ?? ""
        guard op == "add" || op == "remove" else { return .badRequest("Unsupported patch operation: \"\(op)\"") }
        let adding = op == "add"
        if path == "/systemPermissions" {
            let order = GuacSchema.systemPermissions(version: version)
            guard order.contains(value) else { return .internalError }
            guard caller.isAdmin else { return .jdbcDenied }
            var system = holder.systemPermissions.filter { $0 != value }
            if adding { system.append(value) }
            holder.systemPermissions = order.filter(system.contains)
            return nil
        }
        let kinds = ["/connectionPermissions/", "/connectionGroupPermissions/", "/sharingProfilePermissions/",
                     "/activeConnectionPermissions/", "/userPermissions/", "/userGroupPermissions/"]
        guard let kind = kinds.first(where: { path.hasPrefix($0) }) else {
            return .badRequest("Unsupported patch path: \"\(path)\"")
        }
        guard GuacSchema.objectPermissions.contains(value) else { return .internalError }
        let id = String(path.dropFirst(kind.count))
        func change(_ map: inout [String: Set<String>]) {
            if adding {
                map[id, default: []].insert(value)
            } else {
                map[id]?.remove(value)
                if map[id]?.isEmpty == true { map.removeValue(forKey: id) }
            }
        }
        switch kind {
        case "/connectionPermissions/":
            guard has(caller, "ADMINISTER", connection: id) else { return .jdbcDenied }
            change(&holder.connectionPermissions)
        case "/connectionGroupPermissions/":
            guard caller.isAdmin || caller.connectionGroupPermissions[id]?.contains("ADMINISTER") == true else {
                return .jdbcDenied
            }
            change(&holder.connectionGroupPermissions)
        default:
            guard caller.isAdmin else { return .jdbcDenied }
        }
        return nil
    }
}
