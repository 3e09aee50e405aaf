import Foundation
import Testing
@testable import ProxGuacHTTP

/// The fast reader of parameter answers gives exactly what the general decoder gives, or steps aside.
@Suite struct FlatJSONStringMapTests {
    /// What `connectionParameters` returned before the fast path: `[String: LenientString]` via JSONDecoder.
    static func general(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: LenientString].self, from: Data(text.utf8)).mapValues(\.value)
    }

    @Test(arguments: [
        #"{"hostname":"198.51.100.21","port":"3389","password":"Pw1-0;x=y","proxguac-id":"pve:100:rdp:admin"}"#,
        #" { "port" : 22 , "enable-sftp" : true, "read-only": false, "n": -7, "z": 0 } "#,
        #"{}"#,
        #"{"name":"Überseeweg ✓ 日本"}"#,
    ])
    func readsFlatObjectsAsTheGeneralDecoderDoes(text: String) {
        let fast = FlatJSONStringMap.parse(Array(text.utf8))
        #expect(fast != nil)
        #expect(fast == Self.general(text))
    }

    @Test(arguments: [
        #"{"password":"a\"b","d":"line\nnext\r\t\\ \/ \b\f"}"#,
        #"{"description":"caf\u00e9 \u65e5 \ud83d\ude00 \u0041","x":"\u0000"}"#,
        #"{"a":"plain","b":"then\nescaped ✓"}"#,
    ])
    func unescapesStringsAsTheGeneralDecoderDoes(text: String) {
        let fast = FlatJSONStringMap.parse(Array(text.utf8))
        #expect(fast != nil)
        #expect(fast == Self.general(text))
    }

    /// A Proxmox VE config answer as the lab and pveproxy send it: notes with newlines, numbers, a digest.
    @Test func readsTheDataOfAnEnvelope() throws {
        let text = #"{"data":{"description":"rdp: user=admin\npassword=\"x\"\n","memory":2048,"digest":"ab12","onboot":1}}"#
        let fast = try #require(FlatJSONStringMap.parseEnvelope(Array(text.utf8)))
        let general = try JSONDecoder().decode([String: [String: LenientString]].self, from: Data(text.utf8))["data"]?
            .mapValues(\.value)
        #expect(fast == general)
        #expect(fast["description"] == "rdp: user=admin\npassword=\"x\"\n")
    }

    @Test(arguments: [
        #"{"data":{"a":"1"},"extra":1}"#,   // another member
        #"{"info":{"a":"1"}}"#,             // not data
        #"{"data":null}"#,
        #"{"data":{"a":[1]}}"#,
        #"{"a":"1"}"#,
    ])
    func leavesOtherEnvelopesToTheGeneralDecoder(text: String) {
        #expect(FlatJSONStringMap.parseEnvelope(Array(text.utf8)) == nil)
    }

    @Test(arguments: [
        #"{"password":"a\xb"}"#,        // not a JSON escape
        #"{"a":"\ud83d"}"#,             // lone high surrogate
        #"{"a":"\ude00x"}"#,            // lone low surrogate
        #"{"a":"\u12"}"#,               // cut-off escape
        #"{"port":3389.0}"#,            // not an integer
        #"{"port":-0}"#,                // prints as "0"
        #"{"port":1e3}"#,
        #"{"port":null}"#,
        #"{"a":"1","a":"2"}"#,          // repeated name
        #"{"a":{"b":"c"}}"#,            // nested
        #"{"a":"1"} x"#,                // trailing bytes
        #"{"a":"1""#,                   // cut off
        #"[]"#,
    ])
    func leavesEverythingElseToTheGeneralDecoder(text: String) {
        #expect(FlatJSONStringMap.parse(Array(text.utf8)) == nil)
    }

    @Test func refusesRawControlCharacters() {
        #expect(FlatJSONStringMap.parse(Array(#"{"a":"tab"#.utf8) + [0x09] + Array(#"inside"}"#.utf8)) == nil)
    }

    @Test func refusesBytesThatAreNotUTF8() {
        let bytes = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(FlatJSONStringMap.parse(bytes) == nil)
    }
}
