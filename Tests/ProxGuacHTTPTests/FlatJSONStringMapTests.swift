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
        #"{"password":"a\"b"}"#,        // escape: the general decoder unescapes
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
