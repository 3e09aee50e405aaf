import ProxGuacCore

/// Creates that survive a lost answer. A timeout, a broken connection or a 5xx after a `POST` was sent
/// leaves open whether the object was made; so before trying again the client looks for it, and a retry
/// never makes a duplicate. A 400 is checked the same way: libcurl itself re-sends a request once when a
/// reused connection breaks before any answer, and the server then says the object already exists.
extension GuacamoleClient {
    /// `POST path`; after a failure, `existing` is asked for what the create would have made (its argument
    /// is true after a refusal, when only a full match, marker included, proves the object is ours).
    func create<T: Decodable>(
        _ path: String, json body: [UInt8], existing: (_ afterRefusal: Bool) async throws(GuacamoleError) -> T?
    ) async throws(GuacamoleError) -> T {
        var schedule = RetrySchedule(retry)
        while true {
            let (result, label) = try await exchange(.post, path, json: body)
            switch result {
            case .success(let response):
                return try Self.decode(response, label)
            case .failure(let error) where error.status == 400:
                // "Already exists": maybe our own earlier try, re-sent by libcurl on a reused connection
                // that broke before any answer. Ours when it matches in full (marker included).
                if let made = try await existing(true) { return made }
                throw GuacamoleError(error, request: label)
            case .failure(let error):
                guard RetryPolicy.isTransient(error) else { throw GuacamoleError(error, request: label) }
                let failedAttempt = schedule.attempts
                guard await schedule.waitForNextAttempt() else { throw GuacamoleError(error, request: label) }
                if let made = try await existing(false) {
                    logger.debug("\(label) took effect although its answer was lost (try \(failedAttempt))")
                    return made
                }
                logger.debug("retrying \(label) after a transient failure (try \(failedAttempt) of \(retry.maxAttempts)): \(error)")
            }
        }
    }

    /// The connection a create of `connection` made: same name and parent and, when it carries one, the
    /// same `proxguac-id` marker. Reads only the parent group's tree (small: one group per guest).
    func existingConnection(like connection: GuacamoleConnection) async throws(GuacamoleError) -> GuacamoleConnection? {
        let parent = connection.parentIdentifier ?? GuacamoleConnectionGroup.rootIdentifier
        guard parent != GuacamoleConnectionGroup.rootIdentifier else {
            return try await existingConnections(like: [connection])[0]
        }
        let tree: GuacamoleConnectionGroup
        do {
            tree = try await connectionGroupTree(parent)
        } catch {
            if case .notFound = error { return nil }
            throw error
        }
        let candidates = (tree.childConnections ?? []).filter { $0.name == connection.name }
        return try await firstMatch(candidates, marker: connection.parameters?[IdentityMarker.parameterName])
    }

    /// For each connection, the one already stored with the same name and parent and, when it carries one,
    /// the same `proxguac-id` marker (nil when there is none). One listing, plus the parameters of the
    /// name matches only. Use it after a batch whose answer was lost, before sending its creates again.
    public func existingConnections(like wanted: [GuacamoleConnection]) async throws(GuacamoleError)
        -> [Int: GuacamoleConnection]
    {
        guard !wanted.isEmpty else { return [:] }
        struct Place: Hashable { let parent: String, name: String }
        func place(_ connection: GuacamoleConnection) -> Place {
            Place(parent: connection.parentIdentifier ?? GuacamoleConnectionGroup.rootIdentifier, name: connection.name)
        }
        var stored: [Place: [GuacamoleConnection]] = [:]
        for (key, candidate) in try await connections() {
            var found = candidate
            found.identifier = candidate.identifier ?? key
            stored[place(found), default: []].append(found)
        }
        var result: [Int: GuacamoleConnection] = [:]
        for (index, connection) in wanted.enumerated() {
            let marker = connection.parameters?[IdentityMarker.parameterName]
            result[index] = try await firstMatch(stored[place(connection)] ?? [], marker: marker)
        }
        return result
    }

    /// The first candidate whose stored marker is `marker` (any candidate when `marker` is nil).
    private func firstMatch(_ candidates: [GuacamoleConnection], marker: String?) async throws(GuacamoleError)
        -> GuacamoleConnection?
    {
        for candidate in candidates {
            guard let marker else { return candidate }
            guard let identifier = candidate.identifier else { continue }
            do {
                if try await connectionParameters(identifier)[IdentityMarker.parameterName] == marker { return candidate }
            } catch {
                if case .notFound = error { continue }
                throw error
            }
        }
        return nil
    }

    /// The group a create of `group` made: same name and parent (names are unique within a group).
    func existingGroup(like group: GuacamoleConnectionGroup) async throws(GuacamoleError) -> GuacamoleConnectionGroup? {
        let parent = group.parentIdentifier ?? GuacamoleConnectionGroup.rootIdentifier
        let found = try await connectionGroups().first { _, candidate in
            candidate.name == group.name
                && (candidate.parentIdentifier ?? GuacamoleConnectionGroup.rootIdentifier) == parent
        }
        guard let (key, candidate) = found else { return nil }
        var made = candidate
        made.identifier = candidate.identifier ?? key
        return made
    }
}

extension GuacamoleError {
    /// True when the request may have taken effect although it failed: its answer was lost (timeout,
    /// broken connection) or the server failed with a 5xx other than 501 part-way.
    public var mayHaveApplied: Bool {
        switch self {
        case .transport(let error): return RetryPolicy.isTransient(error)
        case .server(let status, _, _): return (500...599).contains(status) && status != 501
        default: return false
        }
    }
}
