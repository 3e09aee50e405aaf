import ProxGuacCore
import Testing

@Suite("Config JSON reading and writing")
struct ConfigJSONTests {
    @Test("syntax errors give the line and column where the problem is", arguments: [
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'"),
        ("{\"a\": [1, 2,]}", 1, 13, "trailing comma"),
        ("{\"a\": 'x'}", 1, 7, "double quotes"),
        ("{\"a\": \"x}", 1, 10, "unterminated string"),
        ("{\"a\": 01}", 1, 8, "leading zeros"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
        ("", 1, 1, "empty"),
        ("{} x", 1, 4, "after the end"),
        ("{\"é\": tru}", 1, 7, "expected true"),
    ])
    func syntaxErrors(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains(message))
        }
    }

    @Test("a config syntax error is one line naming file, line and column")
    func configSyntaxError() {
        do {
            _ = try parseConfigText("{\n  \"proxmox\": {\n    \"url\": \"https://x\",,\n")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.description.hasPrefix("config.json:3:24: invalid JSON:"))
            #expect(!error.description.contains("\n"))
            #expect(error.exitCode == 2)
        }
    }

    @Test("strings, escapes, numbers and nesting survive a write and re-read unchanged")
    func roundTrip() throws {
        let value: JSONValue = .object([
            JSONMember("text", .string("tab\t quote\" backslash\\ newline\n ü 🦊 \u{01}")),
            JSONMember("numbers", .array([.number("0"), .number("-12"), .number("3.5e-2")])),
            JSONMember("flags", .array([.bool(true), .bool(false), .null])),
            JSONMember("nested", .object([JSONMember("empty", .object([])), JSONMember("list", .array([]))])),
        ])
        #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
        #expect(!JSONWriter.compact(value).contains("\n"))
    }

    @Test("unicode escapes including surrogate pairs decode; a lone surrogate is an error")
    func unicodeEscapes() throws {
        #expect(try JSONParser.parse("\"\\u00e9\\ud83e\\udd8a\"") == .string("é🦊"))
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("\"\\ud83e\"") }
    }

    @Test("object members keep the order they were written in")
    func memberOrder() throws {
        #expect(try JSONParser.parse("{\"z\": 1, \"a\": 2}") == .object([JSONMember("z", .number("1")), JSONMember("a", .number("2"))]))
    }

    @Test("absurdly deep nesting is an error, not a crash")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }
}
