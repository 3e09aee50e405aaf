import Testing
@testable import ProxGuacCore

/// The agent's and the containers' interface answers read by `InterfacePayloadReader` give exactly what `JSONDecoder`
/// gives (the same interfaces, or the same one-line error), whichever path takes them.
@Suite struct InterfacePayloadReaderTests {
    /// Answers the fast path takes, and answers it must leave to the decoder (escapes, a byte order mark, repeated keys,
    /// fractions and exponents, wrong types, bad UTF-8, missing names…): both paths must agree on all of them.
    static let agentAnswers: [String] = [
        NetworkPayloadTests.agentAnswer,
        #"{"result":[{"name":"eth0","hardware-address":"bc:24:11:00:00:01","ip-addresses":[{"ip-address":"198.51.100.7","prefix":24}]}]}"#,
        #"[{"name":"eth0","ip-addresses":[{"ip-address":"2001:db8::7","prefix":64},{"ip-address":"nonsense","prefix":8}]}]"#,
        #"{"data":{"result":[{"name":"eth0","hardware-address":null,"ip-addresses":null}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1"},{"ip-address":"192.0.2.2","prefix":null}]}]}}"#,
        #"{"data":{"result":[]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1","prefix":24.0}]}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1","prefix":2.4e1}]}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1","prefix":-1}]}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1","prefix":99999999999999999999}]}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.1","prefix":"24"}]}]}}"#,
        #"{"data":{"result":[{"name":"eth\u0030","hardware-address":"bc:24:11:00:00:01"}]}}"#,
        #"{"data":{"result":[{"name":"eth0","name":"eth1"}]}}"#,
        #"{"data":{"result":[{"hardware-address":"bc:24:11:00:00:01"}]}}"#,
        #"{"data":{"result":[{"name":7}]}}"#,
        #"{"data":{"result":[{"name":"eth0","hardware-address":5}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":{"ip-address":"192.0.2.1"}}]}}"#,
        #"{"data":{"result":[{"name":"eth0","ip-addresses":[{"prefix":24}]}]}}"#,
        #"{"data":null}"#,
        #"{"data":{"error":"QEMU guest agent is not running"}}"#,
        #"{"data":{"result":[{"name":"eth0"}]}} trailing"#,
        "\u{FEFF}{\"data\":{\"result\":[{\"name\":\"eth0\"}]}}",
        #"{"data":{"result":[{"name":"Überseeweg ✓","statistics":{"rx-bytes":1.5e3,"nested":[{"a":[true,false,null]}]}}]}}"#,
        "",
        "null",
    ]

    static let lxcAnswers: [String] = [
        NetworkPayloadTests.lxcAnswer,
        #"{"data":null}"#,
        "null",
        #"{"data":[]}"#,
        #"{"data":[{"name":"eth0","hwaddr":"bc:24:11:aa:bb:cc","inet":"192.0.2.20/24","inet6":"2001:db8::20/64"}]}"#,
        #"{"data":[{"name":"eth0","hwaddr":null,"inet":null,"ip-addresses":[{"ip-address-type":"inet","ip-address":"192.0.2.20","prefix":24}]}]}"#,
        #"[{"name":"eth0","inet":"192.0.2.20/24"}]"#,
        #"{"data":[{"name":"eth0","inet":24}]}"#,
        #"{"data":[{"name":"eth0","inet":"192.0.2.20\/24"}]}"#,
        #"{"data":[{"name":"eth0","ip-addresses":[{"ip-address":"192.0.2.20","prefix":24.5}]}]}"#,
        #"{"data":[{"name":"eth0","name":"eth1"}]}"#,
        #"{"data":{"name":"eth0"}}"#,
        #"{"data":[{"nam":"eth0"}]}"#,
        #"{"data":[{"name":"eth0","hwaddr":"zz"}]}"#,
        "{not json",
    ]

    static func outcome<T: Equatable>(_ parse: () throws(GuestPayloadError) -> T) -> Result<T, GuestPayloadError> {
        do throws(GuestPayloadError) { return .success(try parse()) } catch { return .failure(error) }
    }

    @Test(arguments: agentAnswers)
    func agentAnswerReadsAsTheDecoderReadsIt(text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.outcome { () throws(GuestPayloadError) in try AgentInterfacesPayload.parse(bytes, fastPath: true) }
            == Self.outcome { () throws(GuestPayloadError) in try AgentInterfacesPayload.parse(bytes, fastPath: false) })
    }

    @Test(arguments: lxcAnswers)
    func containerAnswerReadsAsTheDecoderReadsIt(text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.outcome { () throws(GuestPayloadError) in try LXCInterfacesPayload.parse(bytes, fastPath: true) }
            == Self.outcome { () throws(GuestPayloadError) in try LXCInterfacesPayload.parse(bytes, fastPath: false) })
    }

    @Test("Bad UTF-8 is left to the decoder: both paths agree")
    func badUTF8() {
        for base in [#"{"data":{"result":[{"name":"eth"#, #"{"data":[{"name":"eth"#] {
            let bytes = Array(base.utf8) + [0xFF, 0xFE] + Array(#""}]}}"#.utf8)
            #expect(Self.outcome { () throws(GuestPayloadError) in try AgentInterfacesPayload.parse(bytes, fastPath: true) }
                == Self.outcome { () throws(GuestPayloadError) in try AgentInterfacesPayload.parse(bytes, fastPath: false) })
            let lxc = Array(#"{"data":[{"name":"eth"#.utf8) + [0xC3] + Array(#""}]}"#.utf8)
            #expect(Self.outcome { () throws(GuestPayloadError) in try LXCInterfacesPayload.parse(lxc, fastPath: true) }
                == Self.outcome { () throws(GuestPayloadError) in try LXCInterfacesPayload.parse(lxc, fastPath: false) })
        }
    }

    @Test("The usual answers are read by the fast path, the odd ones are not")
    func fastPathTakesTheUsualAnswers() {
        #expect(InterfacePayloadReader.unwrapped(Array(NetworkPayloadTests.agentAnswer.utf8), keys: ["data", "result"]) != nil)
        #expect(InterfacePayloadReader.unwrapped(Array(NetworkPayloadTests.lxcAnswer.utf8), keys: ["data"]) != nil)
        #expect(InterfacePayloadReader.unwrapped(Array(#"{"data":[{"name":"a\u0030"}]}"#.utf8), keys: ["data"]) == nil)
        #expect(InterfacePayloadReader.unwrapped(Array(#"{"data":[{"name":"a","name":"b"}]}"#.utf8), keys: ["data"]) == nil)
    }
}
