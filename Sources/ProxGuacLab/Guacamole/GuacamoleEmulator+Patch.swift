extension GuacamoleEmulator {
    /// `PATCH /connections`: 1.5.x runs `remove` only, one by one, answering 204; 1.6.0 runs
    /// add/replace/remove atomically and answers every outcome (reference §7).
    func patchConnections(_ call: Call) -> Result<JSONValue?, GuacFailure> {
        patchDirectory(call, remove: { id, caller, state in removeConnection(id, by: caller, in: &state) }) { operation, caller, draft in
            let pathID = String(operation.path.dropFirst())
            switch operation.op {
            case "add":
                return insertConnection(operation.value ?? .null, by: caller, into: &draft)
            case "replace":
                return replaceConnection(pathID, with: operation.value ?? .null, by: caller, in: &draft, filterAttributes: false)
                    .map { pathID }
            default:
                return removeConnection(pathID, by: caller, in: &draft).map { pathID }
            }
        }
    }

    /// `PATCH /connectionGroups`, the same directory PATCH for groups (add and remove; replace is not emulated).
    func patchGroups(_ call: Call) -> Result<JSONValue?, GuacFailure> {
        patchDirectory(call, remove: { id, caller, state in removeGroup(id, by: caller, in: &state) }) { operation, caller, draft in
            let pathID = String(operation.path.dropFirst())
            switch operation.op {
            case "add":
                return insertGroup(operation.value ?? .null, by: caller, into: &draft)
            case "replace":
                return .failure(GuacFailure(status: 501, type: "INTERNAL_ERROR", message: "The lab does not emulate replacing connection groups by PATCH."))
            default:
                return removeGroup(pathID, by: caller, in: &draft).map { pathID }
            }
        }
    }

    typealias PatchOperation = (op: String, path: String, value: JSONValue?)

    private func patchDirectory(
        _ call: Call, remove: (String, GuacUserRecord, inout GuacState) -> Result<Void, GuacFailure>,
        apply: (PatchOperation, GuacUserRecord, inout GuacState) -> Result<String, GuacFailure>
    ) -> Result<JSONValue?, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        guard case .array(let operations) = body else { return .failure(.frameworkError(400, "Bad Request")) }
        let parsed = operations.map { (op: $0["op"]?.stringValue ?? "", path: $0["path"]?.stringValue ?? "", value: $0["value"]) }
        return isV16 ? patchAtomically(parsed, call: call, apply: apply) : patchRemovesInOrder(parsed, call: call, remove: remove)
    }

    private func patchRemovesInOrder(_ operations: [PatchOperation], call: Call,
                                     remove: (String, GuacUserRecord, inout GuacState) -> Result<Void, GuacFailure>) -> Result<JSONValue?, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            for operation in operations {
                guard operation.op == "remove" else {
                    return .failure(GuacFailure(status: 501, type: "INTERNAL_ERROR", message: "Only the \"remove\" operation is supported."))
                }
                guard operation.path.hasPrefix("/") else { return .failure(.badRequest("Patch paths must start with \"/\".")) }
                let id = String(operation.path.dropFirst())
                if case .failure(let failure) = remove(id, caller, &state) { return .failure(failure) }
            }
            return .success(nil)
        }
    }

    private func patchAtomically(_ operations: [PatchOperation], call: Call,
                                 apply: (PatchOperation, GuacUserRecord, inout GuacState) -> Result<String, GuacFailure>) -> Result<JSONValue?, GuacFailure> {
        if let bad = operations.first(where: { !["add", "replace", "remove"].contains($0.op) }) {
            return .failure(GuacFailure(status: 501, type: "INTERNAL_ERROR",
                                        message: "Unsupported patch operation \"\(bad.op)\". Only add, replace, and remove are supported."))
        }
        if operations.contains(where: { !$0.path.hasPrefix("/") }) {
            return .failure(.badRequest("Patch paths must start with \"/\"."))
        }
        return state.withLock { state in
            let caller = user(call, in: state)
            var draft = state
            var outcomes: [(op: String, identifier: String?, path: String, error: String?)] = []
            for operation in operations {
                let pathID = String(operation.path.dropFirst())
                let result = apply(operation, caller, &draft)
                switch result {
                case .success(let id):
                    outcomes.append((operation.op, id, operation.path, nil))
                case .failure(let failure) where failure.type == "INTERNAL_ERROR" && failure.status == 500:
                    return .failure(failure)
                case .failure(let failure):
                    outcomes.append((operation.op, operation.op == "add" ? nil : pathID, operation.path, failure.message))
                }
            }
            let failed = outcomes.contains { $0.error != nil }
            let patches: [JSONValue] = outcomes.map { outcome in
                let keepID = !failed || outcome.error != nil || outcome.op == "replace"
                var members: [(String, JSONValue)] = [
                    ("op", .string(outcome.op)),
                    ("identifier", keepID ? outcome.identifier.map(JSONValue.string) ?? .null : .null),
                    ("path", .string(outcome.path)),
                ]
                if let error = outcome.error { members.append(("error", GuacFailure.translatable(error))) }
                return .obj(members)
            }
            guard !failed else {
                state.nextConnectionID = draft.nextConnectionID  // sequences never roll back
                state.nextGroupID = draft.nextGroupID
                var failure = GuacFailure.badRequest("The provided patches failed to apply.")
                failure.patches = .array(patches)
                return .failure(failure)
            }
            state = draft
            return .success(.obj(["patches": .array(patches)]))
        }
    }
}
