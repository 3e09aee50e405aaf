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

    @Test("Request bodies read as JSONDecoder read them: members sorted, first duplicate kept, whole numbers as integers")
    func requestBodies() {
        let body = #"{"name":"b\u00e9\ud83d\ude00\/","port":3389,"weight":1.0,"cpu":0.5,"name":"dup","attributes":{},"list":[true,null,],}"#
        #expect(JSONValue.parse(Array(body.utf8)) == .obj([
            "attributes": .obj([]), "cpu": .double(0.5), "list": .array([.bool(true), .null]),
            "name": .string("bé😀/"), "port": .int(3389), "weight": .int(1),
        ]))
    }

    @Test("Malformed request bodies are refused", arguments: [
        "", "{", "[1 2]", #"{"a" 1}"#, "01", "1.", "-", "tru", #""\x""#, #""\ud83d""#, "\"tab\there\"", "{} x", "1e400",
    ])
    func malformedBodies(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test("Path segments decode %XX but keep + as a plus")
    func pathSegments() {
        #expect(RoutePattern.segments(of: "/nodes/pve%2D1/a+b/plain") == ["nodes", "pve-1", "a+b", "plain"])
        #expect(RoutePattern.segments(of: "//nodes//x/") == ["nodes", "x"])
        // Not ASCII: split on characters (a "/" with a combining accent is no separator).
        #expect(RoutePattern.segments(of: "/nodes/pvé/a/\u{301}b") == ["nodes", "pvé", "a/\u{301}b"])
        #expect(FormDecoding.decodeComponent("a+b%20c") == "a b c")
        #expect(FormDecoding.decodeComponent("plain") == "plain")
    }

    @Test("The API token is read the same from the start of the header as after other text")
    func tokenValues() {
        #expect(ProxmoxEmulator.tokenValue("PVEAPIToken=root@pam!bench=s3cr%65t;x") == "root@pam!bench=s3cret")
        #expect(ProxmoxEmulator.tokenValue("Other x PVEAPIToken=root@pam!bench=s3cr%65t;x") == "root@pam!bench=s3cret")
        #expect(ProxmoxEmulator.tokenValue("PVEAPIToken=a!b=c") == "a!b=c")
        #expect(ProxmoxEmulator.tokenValue("PVEAPIToken=a!b=c;\u{301}d") == "a!b=c;\u{301}d")
        #expect(ProxmoxEmulator.tokenValue("PVEAPIToken a!b=c") == "a!b=c")
        #expect(ProxmoxEmulator.tokenValue("xPVEAPIToken=a!b=c") == nil)
    }

    @Test("Header names and values lose surrounding spaces and tabs only")
    func headerTrimming() {
        #expect(RequestReader.trimmingBlanks(" \tapplication/json \t") == "application/json")
        #expect(RequestReader.trimmingBlanks("   ") == "")
        #expect(RequestReader.trimmingBlanks("a b") == "a b")
    }
}
