import Testing
@testable import ProxGuacCore

/// `http.timeoutMs` and `http.retry.*`.
struct ConfigHTTPTests {
    @Test func defaultsWhenTheSectionIsMissing() throws {
        let config = try parseConfig(configBaseDocument).config
        #expect(config.http == HTTPSettings(timeoutMs: 30_000, retryAttempts: 4, retryBaseDelayMs: 250, retryMaxTotalMs: 20_000))
        #expect(config.effectiveLines.contains("http.retry.attempts = 4"))
    }

    @Test func valuesAreRead() throws {
        let document = configBaseDocument.setting("http", .object([
            JSONMember("timeoutMs", .integer(2000)),
            JSONMember("retry", .object([
                JSONMember("attempts", .integer(1)), JSONMember("baseDelayMs", .integer(0)), JSONMember("maxTotalMs", .integer(5000)),
            ])),
        ]))
        let http = try parseConfig(document).config.http
        #expect(http == HTTPSettings(timeoutMs: 2000, retryAttempts: 1, retryBaseDelayMs: 0, retryMaxTotalMs: 5000))
    }

    @Test("out-of-range and unknown keys name the key and the fix", arguments: [
        ("http.retry.attempts", JSONValue.integer(0), "config.json: http.retry.attempts: 0 is out of range: use a number from 1 to 10"),
        ("http.timeoutMs", .integer(700_000), "config.json: http.timeoutMs: 700000 is out of range: use a number from 100 to 600000"),
        ("http.retries", .integer(3), "config.json: http.retries: unknown key"),
    ])
    func badValues(keyPath: String, value: JSONValue, message: String) {
        let error = configError(configBaseDocument.setting(keyPath, value))
        #expect(error?.description.hasPrefix(message) == true, "\(String(describing: error))")
    }
}
