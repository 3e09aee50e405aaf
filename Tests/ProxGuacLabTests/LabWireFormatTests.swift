@testable import ProxGuacLab
import Testing

/// The lab's hand-written wire helpers: what clients see in answers and what the routes capture.
@Suite("Lab wire format")
struct LabWireFormatTests {
    @Test("JSON strings with and without characters to escape survive a round trip", arguments: [
        "web-01-admin-rdp", "say \"hi\"", "back\\slash", "line\nbreak\ttab\u{01}", "Ünïcödé ✓", "",
    ])
    func jsonStringRoundTrip(text: String) {
        let written = JSONValue.object([.init(key: "name", value: .string(text))]).serialized()
        #expect(JSONValue.parse(Array(written.utf8)) == .object([.init(key: "name", value: .string(text))]))
    }

    @Test("Path segments decode %XX but keep + as a plus")
    func pathSegments() {
        #expect(RoutePattern.segments(of: "/nodes/pve%2D1/a+b/plain") == ["nodes", "pve-1", "a+b", "plain"])
        #expect(FormDecoding.decodeComponent("a+b%20c") == "a b c")
        #expect(FormDecoding.decodeComponent("plain") == "plain")
    }

    @Test("Header names and values lose surrounding spaces and tabs only")
    func headerTrimming() {
        #expect(RequestReader.trimmingBlanks(" \tapplication/json \t") == "application/json")
        #expect(RequestReader.trimmingBlanks("   ") == "")
        #expect(RequestReader.trimmingBlanks("a b") == "a b")
    }
}
