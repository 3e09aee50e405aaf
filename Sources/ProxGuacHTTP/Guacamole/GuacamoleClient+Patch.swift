/// Batch changes to connections: atomic PATCH on 1.6.0, one request per change on older servers.
extension GuacamoleClient {
    /// `GET <base>/translations/en.json` (no login): the server version, nil if it does not say.
    public func version() async -> GuacamoleVersion? {
        let request = HTTPRequest(method: .get, url: baseURL + "/translations/en.json")
        guard let response = try? await transport.send(request, tls: tls),
            let text = try? JSONCoding.decode(GuacamoleTranslations.self, from: response.body).get().app?.version
        else { return nil }
        return GuacamoleVersion(text)
    }

    /// Applies the operations and returns one outcome per operation, in order.
    ///
    /// 1.6.0 applies all or nothing (a failure throws `.patchFailed(rolledBack: true)`). 1.5.x accepts only
    /// `remove`, so other batches run one request per operation: every operation is tried and a failure throws
    /// `.patchFailed(rolledBack: false)` listing what was applied.
    public func patchConnections(_ patches: [GuacamolePatch]) async throws(GuacamoleError) -> [GuacamolePatchOutcome] {
        guard !patches.isEmpty else { return [] }
        let onlyRemoves = patches.allSatisfy { $0.op == .remove }
        if !onlyRemoves, await currentPatchSupport() == .removeOnly { return try await applyOneByOne(patches) }
        let (result, label) = try await exchange(.patch, "connections", json: patches.jsonBody)
        switch result {
        case .success(let response):
            if response.body.isEmpty {  // 1.5.x: 204, removes applied in order
                return patches.map { GuacamolePatchOutcome(op: $0.op, identifier: $0.targetIdentifier, path: $0.path) }
            }
            switch JSONCoding.decode(PatchResponse.self, from: response.body) {
            case .success(let answer): return answer.patches
            case .failure(let error): throw .unexpectedResponse(request: label, detail: JSONCoding.describe(error))
            }
        case .failure(let error):
            if !onlyRemoves, Self.meansRemoveOnly(error) {
                logger.debug("Guacamole batch PATCH supports remove only (before 1.6.0); sending one request each")
                patchSupport.withLock { $0 = .removeOnly }
                return try await applyOneByOne(patches)
            }
            throw GuacamoleError(error, request: label)
        }
    }

    /// 1.5.x answers 501 (`Only the "remove" operation is supported.`) or, failing to read an object `value`,
    /// a 400 without patch outcomes.
    private static func meansRemoveOnly(_ error: HTTPError) -> Bool {
        let api = GuacamoleAPIError.decode(error.body)
        return error.status == 501 || (error.status == 400 && api?.patches == nil)
    }

    /// Whether the server applies add/replace/remove batches atomically (1.6.0 and later). Asked once per
    /// client (`translations/en.json`), shared with ``patchConnections(_:)``.
    public func supportsAtomicPatch() async -> Bool {
        await currentPatchSupport() == .atomic
    }

    private func currentPatchSupport() async -> PatchSupport {
        let known = patchSupport.withLock { $0 }
        guard known == .unknown, let version = await version() else { return known }
        let support: PatchSupport = version.supportsAtomicPatch ? .atomic : .removeOnly
        patchSupport.withLock { $0 = support }
        return support
    }

    private func applyOneByOne(_ patches: [GuacamolePatch]) async throws(GuacamoleError) -> [GuacamolePatchOutcome] {
        var outcomes: [GuacamolePatchOutcome] = []
        for patch in patches {
            do throws(GuacamoleError) {
                let identifier: String?
                switch (patch.op, patch.targetIdentifier, patch.value) {
                case (.add, _, let value?):
                    identifier = try await createConnection(value).identifier
                case (.replace, let id?, let value?):
                    try await updateConnection(id, to: value)
                    identifier = id
                case (.remove, let id?, _):
                    try await deleteConnection(id)
                    identifier = id
                default:
                    throw GuacamoleError.badRequest(request: "PATCH \(patch.path)", message: "operation without a value")
                }
                outcomes.append(GuacamolePatchOutcome(op: patch.op, identifier: identifier, path: patch.path))
            } catch {
                if case .transport = error { throw error }
                outcomes.append(
                    GuacamolePatchOutcome(op: patch.op, identifier: patch.targetIdentifier, path: patch.path, error: "\(error)"))
            }
        }
        guard outcomes.allSatisfy({ $0.error == nil }) else { throw .patchFailed(outcomes: outcomes, rolledBack: false) }
        return outcomes
    }
}

/// `APIPatchResponse`: `{"patches": [outcome, …]}`.
struct PatchResponse: Decodable {
    let patches: [GuacamolePatchOutcome]
}
