import Foundation

/// A Guacamole connection as the lab stores it (JDBC: non-empty parameters only).
struct GuacConnectionRecord: Sendable, Equatable {
    var identifier: String
    var name: String
    var parentIdentifier: String
    var `protocol`: String
    var parameters: [String: String]
    var attributes: [String: String?]
}

struct GuacGroupRecord: Sendable, Equatable {
    var identifier: String
    var name: String
    var parentIdentifier: String
    var type: String
    var attributes: [String: String?]
}

/// Something permissions are granted to: a user or a user group (explicit grants only).
protocol GuacGrantHolder: Sendable {
    var systemPermissions: [String] { get set }
    var connectionPermissions: [String: Set<String>] { get set }
    var connectionGroupPermissions: [String: Set<String>] { get set }
}

struct GuacUserRecord: GuacGrantHolder, Equatable {
    var username: String
    var password: String
    /// Set when TOTP is enrolled: the one code the lab accepts in `guac-totp`.
    var totpCode: String? = nil
    /// Set when TOTP is enrolled with a key (base32): codes are checked against the clock.
    var totpSecret: String? = nil
    var systemPermissions: [String]
    var connectionPermissions: [String: Set<String>] = [:]
    var connectionGroupPermissions: [String: Set<String>] = [:]

    var isAdmin: Bool { systemPermissions.contains("ADMINISTER") }
}

/// A user group; its identifier is its name.
struct GuacUserGroupRecord: GuacGrantHolder, Equatable {
    var identifier: String
    var systemPermissions: [String] = []
    var connectionPermissions: [String: Set<String>] = [:]
    var connectionGroupPermissions: [String: Set<String>] = [:]
}

struct GuacSession: Sendable {
    let username: String
    var lastUse: ContinuousClock.Instant
    var requests = 0
}

/// All mutable Guacamole state; a value, so a batch PATCH can work on a copy and commit or drop it.
struct GuacState: Sendable {
    var connections = GuacConnectionDirectory()
    var groups: [String: GuacGroupRecord] = [:]
    var users: [String: GuacUserRecord] = [:]
    var userGroups: [String: GuacUserGroupRecord] = [:]
    var sessions: [String: GuacSession] = [:]
    /// Every auth token handed out, in order (tests check that none leaks into output).
    var issuedTokens: [String] = []
    /// TOTP codes used per user, with the time until which each stays refused (the extension's two periods).
    var usedTOTPCodes: [String: [String: Date]] = [:]
    /// The time step of each accepted TOTP login, per user (tests check that no two runs shared one).
    var acceptedTOTPSteps: [String: [Int64]] = [:]
    var nextConnectionID = 1
    var nextGroupID = 1
    var random: SeededRandom

    /// Ids of `group` and every group below it.
    func subtree(of group: String) -> Set<String> {
        var result: Set<String> = [group]
        var changed = true
        while changed {
            changed = false
            for candidate in groups.values where result.contains(candidate.parentIdentifier) && !result.contains(candidate.identifier) {
                result.insert(candidate.identifier)
                changed = true
            }
        }
        return result
    }

    /// Drops every user's and user group's grants on deleted connections and groups.
    mutating func forgetGrants(connections: some Collection<String>, groups: some Collection<String>) {
        func forget<Holder: GuacGrantHolder>(_ holder: Holder) -> Holder {
            var holder = holder
            for id in connections { holder.connectionPermissions.removeValue(forKey: id) }
            for id in groups { holder.connectionGroupPermissions.removeValue(forKey: id) }
            return holder
        }
        users = users.mapValues(forget)
        userGroups = userGroups.mapValues(forget)
    }
}

/// A Guacamole error answer: `{message, translatableMessage, statusCode, expected, [patches,] type}`.
struct GuacFailure: Error, Sendable {
    var status: Int
    var type: String
    var message: String
    var expected: JSONValue = .null
    var patches: JSONValue = .null
    /// Framework (Jersey) errors have a plain-text body instead of APIError JSON.
    var framework = false
    /// The `translatableMessage` key when the server has one (e.g. `TOTP.INFO_CODE_REQUIRED`, variables null);
    /// nil gives `APP.TEXT_UNTRANSLATED`.
    var translationKey: String? = nil

    static let permissionDenied = GuacFailure(status: 403, type: "PERMISSION_DENIED", message: "Permission Denied.")
    static let jdbcDenied = GuacFailure(status: 403, type: "PERMISSION_DENIED", message: "Permission denied.")
    static let internalError = GuacFailure(status: 500, type: "INTERNAL_ERROR", message: "Unexpected internal error")

    static func notFound(_ id: String) -> GuacFailure {
        GuacFailure(status: 404, type: "NOT_FOUND", message: "Not found: \"\(id)\"")
    }

    static func badRequest(_ message: String) -> GuacFailure {
        GuacFailure(status: 400, type: "BAD_REQUEST", message: message)
    }

    static func frameworkError(_ status: Int, _ text: String) -> GuacFailure {
        GuacFailure(status: status, type: "", message: text, framework: true)
    }

    /// `{"key":"APP.TEXT_UNTRANSLATED","variables":{"MESSAGE":…}}`
    static func translatable(_ message: String) -> JSONValue {
        .obj(["key": .string("APP.TEXT_UNTRANSLATED"), "variables": .obj(["MESSAGE": .string(message)])])
    }
}

enum GuacSchema {
    static let connectionAttributes = ["max-connections", "max-connections-per-user", "weight", "failover-only",
                                       "guacd-hostname", "guacd-port", "guacd-encryption"]
    static let groupAttributes = ["max-connections", "max-connections-per-user", "enable-session-affinity"]
    static let numeric: Set<String> = ["max-connections", "max-connections-per-user", "weight", "guacd-port"]
    static let objectPermissions = ["READ", "UPDATE", "DELETE", "ADMINISTER"]

    /// A name left empty by trimming Foundation's `.whitespaces` (on Linux: Unicode Zs, tab and zero-width
    /// space): refused as blank.
    static func isBlank(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    static func systemPermissions(version: String) -> [String] {
        ["CREATE_USER", "CREATE_USER_GROUP", "CREATE_CONNECTION", "CREATE_CONNECTION_GROUP", "CREATE_SHARING_PROFILE"]
            + (version.hasPrefix("1.6") ? ["AUDIT"] : []) + ["ADMINISTER"]
    }

    /// JDBC attribute filtering: unknown keys dropped, bad numbers ignored (old value kept), `""` → null.
    static func filterConnectionAttributes(_ sent: [String: String?], old: [String: String?] = [:]) -> [String: String?] {
        var result: [String: String?] = [:]
        for key in connectionAttributes {
            let value = sent[key] ?? nil
            switch key {
            case "failover-only": result[key] = value == "true" ? "true" : nil
            case "guacd-encryption": result[key] = (value == "none" || value == "ssl") ? value : nil
            default:
                if let value, !value.isEmpty {
                    if numeric.contains(key), Int(value) == nil { result[key] = old[key] ?? nil } else { result[key] = value }
                } else {
                    result[key] = nil as String?
                }
            }
        }
        return result
    }

    static func filterGroupAttributes(_ sent: [String: String?]) -> [String: String?] {
        var result: [String: String?] = [:]
        for key in groupAttributes {
            let value = sent[key] ?? nil
            if key == "enable-session-affinity" {
                result[key] = value == "true" ? "true" : ""
            } else {
                result[key] = value.flatMap { Int($0) == nil ? nil : $0 }
            }
        }
        return result
    }
}
