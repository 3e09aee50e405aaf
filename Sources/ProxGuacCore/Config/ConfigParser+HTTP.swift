/// `http` section: request timeout and retry bounds.
extension ParseSession {
    static let httpKeys = ["timeoutMs", "retry"]

    mutating func httpSettings(_ section: ConfigObject?) throws(ConfigError) -> HTTPSettings {
        var settings = HTTPSettings()
        guard let section else { return settings }
        var errors = ConfigErrorCollector()  // every broken setting of the section in one run
        errors.check { () throws(ConfigError) in settings.timeoutMs = try section.integer("timeoutMs", in: 100...600_000) ?? settings.timeoutMs }
        let retry = errors.attempt { () throws(ConfigError) in try section.object("retry", knownKeys: ["attempts", "baseDelayMs", "maxTotalMs"]) } ?? nil
        if let retry {
            errors.check { () throws(ConfigError) in settings.retryAttempts = try retry.integer("attempts", in: 1...10) ?? settings.retryAttempts }
            errors.check { () throws(ConfigError) in
                settings.retryBaseDelayMs = try retry.integer("baseDelayMs", in: 0...10_000) ?? settings.retryBaseDelayMs
            }
            errors.check { () throws(ConfigError) in
                settings.retryMaxTotalMs = try retry.integer("maxTotalMs", in: 0...600_000) ?? settings.retryMaxTotalMs
            }
        }
        try errors.throwIfAny()
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
