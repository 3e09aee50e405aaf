extension GuacamoleEmulator {
    /// `PATCH /connections`: 1.5.x runs `remove` only, one by one, answering 204; 1.6.0 runs
    /// add/replace/remove atomically and answers every outcome (reference §7).
    func patchConnections(_ call: Call) -> Result<JSONValue?, GuacFailure> {
        let body: JSONValue
        switch jsonBody(call, emptyMessage: "Data must be submitted when updating objects.") {
        case .success(let json): body = json
        case .failure(let failure): return .failure(failure)
        }
        guard case .array(let operations) = body else { return .failure(.frameworkError(400, "Bad Request")) }
        let parsed = operations.map { (op: $0["op"]?.stringValue ?? "", path: $0["path"]?.stringValue ?? "", value: $0["value"]) }
        return isV16 ? patchAtomically(parsed, call: call) : patchRemovesInOrder(parsed, call: call)
    }

    private func patchRemovesInOrder(_ operations: [(op: String, path: String, value: JSONValue?)], call: Call) -> Result<JSONValue?, GuacFailure> {
        state.withLock { state in
            let caller = user(call, in: state)
            for operation in operations {
                guard operation.op == "remove" else {
                    return .failure(GuacFailure(status: 501, type: "INTERNAL_ERROR", message: "Only the \"remove\" operation is supported."))
                }
                guard operation.path.hasPrefix("/") else { return .failure(.badRequest("Patch paths must start with \"/\".")) }
                let id = String(operation.path.dropFirst())
                if case .failure(let failure) = removeConnection(id, by: caller, in: &state) { return .failure(failure) }
            }
            return .success(nil)
        }
    }

    private func patchAtomically(_ operations: [(op: String, path: String, value: JSONValue?)], call: Call) -> Result<JSONValue?, GuacFailure> {
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
                let result: Result<String, GuacFailure>
                switch operation.op {
                case "add":
                    result = insertConnection(operation.value ?? .null, by: caller, into: &draft)
                case "replace":
                    result = replaceConnection(pathID, with: operation.value ?? .null, by: caller, in: &draft, filterAttributes: false)
                        .map { pathID }
                default:
                    result = removeConnection(pathID, by: caller, in: &draft).map { pathID }
                }
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
                var failure = GuacFailure.badRequest("The provided patches failed to apply.")
                failure.patches = .array(patches)
                return .failure(failure)
            }
            state = draft
            return .success(.obj(["patches": .array(patches)]))
        }
    }
}
