extension GuacamoleEmulator {
    /// `GET /users/{u}/permissions` (and effective / self): explicit grants, all seven keys.
    func permissions(of username: String, _ call: Call) -> Result<JSONValue, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            guard let target = state.users[username], caller.isAdmin || caller.username == username else {
                return .failure(.notFound(username))
            }
            func objectMap(_ map: [String: Set<String>]) -> JSONValue {
                .obj(map.keys.sorted().map { id in
                    (id, .array(GuacSchema.objectPermissions.filter { map[id]?.contains($0) == true }.map(JSONValue.string)))
                })
            }
            let selfPermissions: [String] = target.isAdmin ? ["READ", "UPDATE", "ADMINISTER"] : ["READ"]
            return .success(.obj([
                "connectionPermissions": objectMap(target.connectionPermissions),
                "connectionGroupPermissions": objectMap(target.connectionGroupPermissions),
                "sharingProfilePermissions": .obj([]),
                "activeConnectionPermissions": .obj([]),
                "userPermissions": .obj([(target.username, .array(selfPermissions.map(JSONValue.string)))]),
                "userGroupPermissions": .obj([]),
                "systemPermissions": .array(target.systemPermissions.map(JSONValue.string)),
            ]))
        }
    }

    /// `PATCH /users/{u}/permissions`: add/remove grants (reference §8.3); 204.
    func patchPermissions(_ call: Call) -> Result<Void, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        guard case .array(let operations) = body else { return .failure(.frameworkError(400, "Bad Request")) }
        let username = call.captures["username"] ?? ""
        return state.withLock { state in
            let caller = user(call, in: state)
            guard state.users[username] != nil, caller.isAdmin || caller.username == username else {
                return .failure(.notFound(username))
            }
            var draft = state
            for operation in operations {
                let op = operation["op"]?.stringValue ?? ""
                let path = operation["path"]?.stringValue ?? ""
                let value = operation["value"]?.stringValue ?? ""
                guard op == "add" || op == "remove" else { return .failure(.badRequest("Unsupported patch operation: \"\(op)\"")) }
                let adding = op == "add"
                if path == "/systemPermissions" {
                    guard GuacSchema.systemPermissions(version: version).contains(value) else { return .failure(.internalError) }
                    guard caller.isAdmin else { return .failure(.jdbcDenied) }
                    var system = draft.users[username]?.systemPermissions ?? []
                    system.removeAll { $0 == value }
                    if adding { system.append(value) }
                    let order = GuacSchema.systemPermissions(version: version)
                    draft.users[username]?.systemPermissions = order.filter(system.contains)
                    continue
                }
                let kinds = ["/connectionPermissions/", "/connectionGroupPermissions/", "/sharingProfilePermissions/",
                             "/activeConnectionPermissions/", "/userPermissions/", "/userGroupPermissions/"]
                guard let kind = kinds.first(where: { path.hasPrefix($0) }) else {
                    return .failure(.badRequest("Unsupported patch path: \"\(path)\""))
                }
                guard GuacSchema.objectPermissions.contains(value) else { return .failure(.internalError) }
                let id = String(path.dropFirst(kind.count))
                switch kind {
                case "/connectionPermissions/":
                    guard has(caller, "ADMINISTER", connection: id) else { return .failure(.jdbcDenied) }
                    if adding { draft.users[username]?.connectionPermissions[id, default: []].insert(value) } else {
                        draft.users[username]?.connectionPermissions[id]?.remove(value)
                        if draft.users[username]?.connectionPermissions[id]?.isEmpty == true {
                            draft.users[username]?.connectionPermissions.removeValue(forKey: id)
                        }
                    }
                case "/connectionGroupPermissions/":
                    guard caller.isAdmin || caller.connectionGroupPermissions[id]?.contains("ADMINISTER") == true else {
                        return .failure(.jdbcDenied)
                    }
                    if adding { draft.users[username]?.connectionGroupPermissions[id, default: []].insert(value) } else {
                        draft.users[username]?.connectionGroupPermissions[id]?.remove(value)
                        if draft.users[username]?.connectionGroupPermissions[id]?.isEmpty == true {
                            draft.users[username]?.connectionGroupPermissions.removeValue(forKey: id)
                        }
                    }
                default:
                    guard caller.isAdmin else { return .failure(.jdbcDenied) }
                }
            }
            state = draft
            return .success(())
        }
    }
}
