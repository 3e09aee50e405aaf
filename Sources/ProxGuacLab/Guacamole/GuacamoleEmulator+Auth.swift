import Foundation

extension GuacamoleEmulator {
    /// `POST /api/tokens`: form `username`/`password` (or HTTP Basic when both are absent); a still
    /// valid `token` field re-authenticates and returns the same token.
    func createToken(_ request: HTTPRequest) -> Result<JSONValue, GuacFailure> {
        let form = FormDecoding.dictionary(FormDecoding.servlet(request.bodyText) + FormDecoding.servlet(request.query))
        var username = form["username"]
        var password = form["password"]
        if username == nil, password == nil, let basic = Self.basicCredentials(request.header("Authorization")) {
            (username, password) = basic
        }
        return state.withLock { state in
            if let existing = form["token"], let session = state.sessions[existing], !isExpired(session) {
                state.sessions[existing]?.lastUse = .now
                return .success(tokenAnswer(existing, username: session.username))
            }
            guard let username, let user = state.users[username], user.password == password else {
                return .failure(GuacFailure(
                    status: 403, type: "INVALID_CREDENTIALS", message: "Invalid login",
                    expected: .array([.obj(["name": .string("username"), "type": .string("USERNAME")]),
                                      .obj(["name": .string("password"), "type": .string("PASSWORD")])])))
            }
            if let failure = totpChallenge(user, code: form["guac-totp"], state: &state) { return .failure(failure) }
            let token = (0..<32).map { _ in
                String(UInt8.random(in: 0...255, using: &state.random), radix: 16, uppercase: true).leftPadded(to: 2)
            }.joined()
            state.sessions[token] = GuacSession(username: user.username, lastUse: .now)
            state.issuedTokens.append(token)
            return .success(tokenAnswer(token, username: user.username))
        }
    }

    /// The TOTP extension's check after the password was accepted: no `guac-totp` field gives 403
    /// `INSUFFICIENT_CREDENTIALS` listing the field; a wrong code gives 400 (a `GuacamoleClientException`).
    private func totpChallenge(_ user: GuacUserRecord, code: String?, state: inout GuacState) -> GuacFailure? {
        guard user.totpCode != nil || user.totpSecret != nil else { return nil }
        guard let code else {
            return GuacFailure(
                status: 403, type: "INSUFFICIENT_CREDENTIALS",
                message: "A TOTP authentication code is required before login can continue",
                expected: .array([.obj(["name": .string("guac-totp"), "type": .string("GUAC_TOTP_CODE")])]),
                translationKey: "TOTP.INFO_CODE_REQUIRED")
        }
        let invalid = GuacFailure(status: 400, type: "BAD_REQUEST", message: "Provided TOTP code is not valid.",
                                  translationKey: "TOTP.INFO_VERIFICATION_FAILED")
        guard let secret = user.totpSecret, let key = LabTOTP.base32(secret) else {
            return code == user.totpCode ? nil : invalid
        }
        // As the extension: the current or the previous step's code, and never one this user used in the last
        // two periods.
        let now = Date()
        let period = options.totpPeriod
        let current = Int64(now.timeIntervalSince1970) / Int64(period)
        guard let step = [current, current - 1].first(where: { LabTOTP.code(key: key, step: $0) == code }) else { return invalid }
        var used = state.usedTOTPCodes[user.username, default: [:]].filter { $0.value > now }
        guard used[code] == nil else {
            state.usedTOTPCodes[user.username] = used
            return invalid
        }
        used[code] = now.addingTimeInterval(Double(2 * period))
        state.usedTOTPCodes[user.username] = used
        state.acceptedTOTPSteps[user.username, default: []].append(step)
        return nil
    }

    private func tokenAnswer(_ token: String, username: String) -> JSONValue {
        .obj(["authToken": .string(token), "username": .string(username), "dataSource": .string(Self.dataSource),
              "availableDataSources": .array([.string(Self.dataSource), .string(Self.sharedDataSource)])])
    }

    private static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.hasPrefix("Basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6))),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// `DELETE /api/tokens/{token}`: 204, or 404 `No such token.`
    func deleteToken(_ token: String) -> Result<JSONValue?, GuacFailure> {
        let removed = state.withLock { $0.sessions.removeValue(forKey: token) }
        return removed == nil ? .failure(GuacFailure(status: 404, type: "NOT_FOUND", message: "No such token.")) : .success(nil)
    }

    /// The caller's valid token (header `Guacamole-Token` first, then `?token=`). A missing, unknown
    /// or expired token gets 403 PERMISSION_DENIED and its session is destroyed.
    func session(_ request: HTTPRequest, touch: Bool) -> Result<String, GuacFailure> {
        let header = request.header("Guacamole-Token") ?? ""
        let query = FormDecoding.dictionary(FormDecoding.servlet(request.query))["token"] ?? ""
        let token = header.isEmpty ? query : header
        let limit = faults.current.guacamoleTokenExpiresAfterRequests
        return state.withLock { state in
            guard !token.isEmpty, var session = state.sessions[token] else { return .failure(.permissionDenied) }
            if isExpired(session) || (limit.map { session.requests >= $0 } ?? false) {
                state.sessions.removeValue(forKey: token)
                return .failure(.permissionDenied)
            }
            session.requests += 1
            if touch { session.lastUse = .now }
            state.sessions[token] = session
            return .success(token)
        }
    }

    private func isExpired(_ session: GuacSession) -> Bool {
        ContinuousClock.now - session.lastUse >= options.guacamoleIdleTimeout
    }
}
