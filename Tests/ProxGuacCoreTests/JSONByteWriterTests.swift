import Foundation
import ProxGuacCore
import Testing

/// The writer behind the large Guacamole request bodies: what it writes must read back exactly.
@Suite struct JSONByteWriterTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "control \u{01}\u{1F} and DEL \u{7F}",
        "ünïcödé ✓ 🖥", "slash / stays", "{\"looks\":\"like json\"}",
    ]

    @Test(arguments: awkward) func stringsReadBackUnchanged(_ text: String) throws {
        var json = JSONByteWriter()
        json.string(text)
        #expect(try JSONParser.parse(json.text) == .string(text))
        #expect(json.text == JSONWriter.quoted(text))
    }

    /// The state file keeps the bytes earlier versions wrote with `JSONEncoder`.
    @Test(arguments: awkward + ["back\u{08}space and form\u{0C}feed"]) func jsonEncoderEscapingMatchesFoundation(_ text: String) throws {
        var json = JSONByteWriter(escaping: .jsonEncoder)
        json.string(text)
        #expect(json.bytes == Array(try JSONEncoder().encode(text)))
        #expect(try JSONParser.parse(json.text) == .string(text))
    }

    @Test func nestedObjectsAndArraysKeepOrderAndCommas() throws {
        var json = JSONByteWriter()
        json.object { members in
            members.member("name", "web \"01\"")
            members.member("missing", nil)
            members.member("tags", ["a", "b"])
            members.member("empty", [])
            members.member("map") { $0.stringMap(["b": "2", "a": nil]) }
            members.member("count") { $0.integer(-42) }
            members.member("on") { $0.bool(true) }
        }
        #expect(json.text == #"{"name":"web \"01\"","missing":null,"tags":["a","b"],"empty":[],"map":{"a":null,"b":"2"},"count":-42,"on":true}"#)
        guard case .object(let members) = try JSONParser.parse(json.text) else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["name", "missing", "tags", "empty", "map", "count", "on"])
    }
}
