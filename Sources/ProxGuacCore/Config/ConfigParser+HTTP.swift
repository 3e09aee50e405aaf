/// `http` section: request timeout and retry bounds.
extension ParseSession {
    static let httpKeys = ["timeoutMs", "retry"]

    mutating func httpSettings(_ section: ConfigObject?) throws(ConfigError) -> HTTPSettings {
        var settings = HTTPSettings()
        guard let section else { return settings }
        settings.timeoutMs = try section.integer("timeoutMs", in: 100...600_000) ?? settings.timeoutMs
        if let retry = try section.object("retry", knownKeys: ["attempts", "baseDelayMs", "maxTotalMs"]) {
            settings.retryAttempts = try retry.integer("attempts", in: 1...10) ?? settings.retryAttempts
            settings.retryBaseDelayMs = try retry.integer("baseDelayMs", in: 0...10_000) ?? settings.retryBaseDelayMs
            settings.retryMaxTotalMs = try retry.integer("maxTotalMs", in: 0...600_000) ?? settings.retryMaxTotalMs
        }
        return settings
    }
}

extension HTTPSettings {
    var effectiveJSON: JSONValue {
        .object([
            JSONMember("timeoutMs", .integer(timeoutMs)),
            JSONMember("retry", .object([
                JSONMember("attempts", .integer(retryAttempts)),
                JSONMember("baseDelayMs", .integer(retryBaseDelayMs)),
                JSONMember("maxTotalMs", .integer(retryMaxTotalMs)),
            ])),
        ])
    }
}
