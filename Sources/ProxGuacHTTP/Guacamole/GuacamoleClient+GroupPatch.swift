import ProxGuacCore

/// Guacamole 1.6 also takes connection groups in one atomic directory PATCH (reference §7.2).
extension GuacamoleClient {
    /// Creates the groups with one `PATCH /connectionGroups` of `add` operations (1.6.0 and later: all or
    /// nothing). Returns the new identifiers in the order of `groups`. Throws (nothing created) on any
    /// failure; callers then create the groups one by one.
    public func createConnectionGroups(_ groups: [GuacamoleConnectionGroup]) async throws(GuacamoleError) -> [String] {
        guard !groups.isEmpty else { return [] }
        let patches = groups.map { GroupAdd(value: Self.bare($0)) }
        let (result, label) = try await exchange(.patch, "connectionGroups", json: patches.jsonBody)
        let response: HTTPResponse
        switch result {
        case .success(let answer): response = answer
        case .failure(let error): throw GuacamoleError(error, request: label)
        }
        switch JSONCoding.decode(PatchResponse.self, from: response.body) {
        case .success(let answer):
            let identifiers = answer.patches.compactMap(\.identifier)
            guard identifiers.count == groups.count, answer.patches.allSatisfy({ $0.error == nil }) else {
                throw .unexpectedResponse(request: label, detail: "expected \(groups.count) new identifiers")
            }
            return identifiers
        case .failure(let error):
            throw .unexpectedResponse(request: label, detail: JSONCoding.describe(error))
        }
    }
}

/// One `add` operation of a group PATCH.
private struct GroupAdd: GuacamoleRequestBody {
    let value: GuacamoleConnectionGroup

    func write(to json: inout JSONByteWriter) {
        json.object { members in
            members.member("op", "add")
            members.member("path", "/")
            members.member("value") { value.write(to: &$0) }
        }
    }
}
