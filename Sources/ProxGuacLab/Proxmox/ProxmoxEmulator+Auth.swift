import Foundation

extension ProxmoxEmulator {
    /// pveproxy's auth layer: ticket (cookie or `Authorization: PVEAuthCookie=`) wins over a token;
    /// writes with a ticket need the CSRF header (reference §2).
    func authenticate(_ request: HTTPRequest) -> Result<PVEIdentity, PVEFailure> {
        let authorization = request.header("Authorization") ?? ""
        if let ticket = Self.ticketValue(cookie: request.header("Cookie"), authorization: authorization) {
            return checkTicket(ticket, request: request)
        }
        if let tokenValue = Self.tokenValue(authorization) {
            return checkToken(tokenValue)
        }
        return .failure(authFailure("No ticket", alwaysDetailed: true))
    }

    private func authFailure(_ detailed: String, alwaysDetailed: Bool = false) -> PVEFailure {
        let text = profile.unifiedAuthFailure && !alwaysDetailed ? "Authentication failed!" : detailed
        return PVEFailure(status: 401, message: text, emptyBody: true)
    }

    private func checkTicket(_ ticket: String, request: HTTPRequest) -> Result<PVEIdentity, PVEFailure> {
        let lifetime = options.proxmoxTicketLifetime
        let record = state.withLock { $0.tickets[ticket] }
        guard let record, ContinuousClock.now - record.issued < lifetime else {
            return .failure(authFailure("permission denied - invalid PVE ticket"))
        }
        if request.method != "GET", request.header("CSRFPreventionToken") != record.csrf {
            return .failure(PVEFailure(status: 401, message: "Permission denied - invalid csrf token", emptyBody: true))
        }
        let user = access.users.first { $0.userid == record.userid }
        let acl = record.userid == "root@pam" ? nil : (user?.privs ?? [:])
        return .success(PVEIdentity(userid: record.userid, tokenName: nil, acl: acl, viaTicket: true))
    }

    private func checkToken(_ value: String) -> Result<PVEIdentity, PVEFailure> {
        guard let equals = value.lastIndex(of: "=") else { return .failure(authFailure("no tokenid specified")) }
        let tokenid = String(value[..<equals])
        let secret = String(value[value.index(after: equals)...])
        guard let bang = tokenid.firstIndex(of: "!") else {
            return .failure(authFailure("'\(tokenid)' is not a valid token ID - not able to split into user and token parts"))
        }
        let userid = String(tokenid[..<bang])
        let tokenName = String(tokenid[tokenid.index(after: bang)...])
        guard let token = access.tokens.first(where: { $0.tokenid == tokenid }) else {
            return .failure(authFailure("no such token '\(tokenName)' for user '\(userid)'"))
        }
        guard token.secret == secret else { return .failure(authFailure("invalid token value!")) }
        let acl = state.withLock { $0.tokenPrivilegeOverrides[tokenid] } ?? token.privs
        return .success(PVEIdentity(userid: userid, tokenName: tokenName, acl: acl, viaTicket: false))
    }

    /// `(^|\s)PVEAPIToken(=| )([^;]*)`, URI-unescaped.
    static func tokenValue(_ authorization: String) -> String? {
        // What clients send (`PVEAPIToken=…` from the start): the first match below, found without a search.
        let prefix = "PVEAPIToken=".utf8
        if authorization.utf8.starts(with: prefix), authorization.utf8.allSatisfy({ $0 < 0x80 }) {
            let value = authorization.utf8.dropFirst(prefix.count).prefix { $0 != UInt8(ascii: ";") }
            return FormDecoding.decodePathSegment(String(decoding: value, as: UTF8.self))
        }
        var searchStart = authorization.startIndex
        while let range = authorization.byteRange(of: "PVEAPIToken", from: searchStart) {
            let atStart = range.lowerBound == authorization.startIndex
                || authorization[authorization.index(before: range.lowerBound)].isWhitespace
            if atStart, range.upperBound < authorization.endIndex,
               authorization[range.upperBound] == "=" || authorization[range.upperBound] == " " {
                let rest = authorization[authorization.index(after: range.upperBound)...]
                let value = rest.prefix { $0 != ";" }
                return FormDecoding.decodePathSegment(String(value))
            }
            searchStart = range.upperBound
        }
        return nil
    }

    static func ticketValue(cookie: String?, authorization: String) -> String? {
        for part in (cookie ?? "").split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("PVEAuthCookie=") {
                return FormDecoding.decodePathSegment(String(trimmed.dropFirst("PVEAuthCookie=".count)))
            }
        }
        if let range = authorization.byteRange(of: "PVEAuthCookie=") {
            let value = authorization[range.upperBound...].prefix { $0 != ";" }
            return FormDecoding.decodePathSegment(String(value))
        }
        return nil
    }

    /// `POST /access/ticket`: username/password (or a valid ticket as password) → ticket + CSRF token.
    func createTicket(_ params: [String: String]) -> Result<JSONValue, PVEFailure> {
        var username = params["username"] ?? ""
        if let realm = params["realm"], !username.contains("@") { username += "@\(realm)" }
        let password = params["password"] ?? ""
        let renewing = state.withLock { $0.tickets[password] }.map { $0.userid == username } ?? false
        guard renewing || access.users.contains(where: { $0.userid == username && $0.password == password }) else {
            if options.authFailureDelay > .zero { Thread.sleep(forTimeInterval: options.authFailureDelay.seconds) }
            return .failure(PVEFailure(status: 401, message: "authentication failure"))
        }
        let stamp = String(Int(Date().timeIntervalSince1970), radix: 16, uppercase: true).leftPadded(to: 8)
        let (ticket, csrf) = state.withLock { state in
            let signature = Self.randomBase64(&state.random, bytes: 64)
            let ticket = "PVE:\(username):\(stamp)::\(signature)"
            let csrf = "\(stamp):\(Self.randomBase64(&state.random, bytes: 32))"
            state.tickets[ticket] = PVETicket(userid: username, csrf: csrf, issued: .now)
            return (ticket, csrf)
        }
        return .success(.obj([
            "username": .string(username),
            "ticket": .string(ticket),
            "CSRFPreventionToken": .string(csrf),
            "cap": .obj(["vms": .obj(["VM.Audit": .int(1)])]),
        ]))
    }

    private static func randomBase64(_ random: inout SeededRandom, bytes count: Int) -> String {
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        return Data(bytes).base64EncodedString()
    }

    // MARK: /version and /access/permissions

    func versionInfo() -> JSONValue {
        .obj(["version": .string(profile.version), "release": .string(profile.release), "repoid": .string(profile.repoid)])
    }

    /// `{path: {priv: 1}}`, for one `?path=` (inherited privileges included) or for every relevant path.
    func permissions(_ call: Call) -> Result<JSONValue, PVEFailure> {
        let identity = call.identity
        let paths: [String]
        if let path = call.params["path"] {
            paths = [path]
        } else {
            let fixed = ["/", "/access", "/access/groups", "/nodes", "/pool", "/sdn", "/storage", "/vms"]
            paths = Array(Set(fixed + (identity.acl.map { Array($0.keys) } ?? []))).sorted()
        }
        let pools = state.withLock { state in Dictionary(uniqueKeysWithValues: state.guests.map { ($0.key, $0.value.pool) }) }
        var members: [(String, JSONValue)] = []
        for path in paths {
            let vmid = path.hasPrefix("/vms/") ? Int(path.dropFirst(5)) : nil
            let granted = identity.privileges(on: path, pool: vmid.flatMap { pools[$0] ?? nil })
            guard call.params["path"] != nil || !granted.isEmpty else { continue }
            members.append((path, .obj(granted.sorted().map { ($0, JSONValue.int(1)) })))
        }
        return .success(.obj(members))
    }
}
