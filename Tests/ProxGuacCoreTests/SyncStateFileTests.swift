import Foundation
import Testing
@testable import ProxGuacCore

/// The hand-written state file codec: same bytes as the `Codable` form, readable both ways.
@Suite("State file codec")
struct SyncStateFileTests {
    static let hashA = FieldHash(hex: String(repeating: "a1", count: 32))
    static let hashB = FieldHash(hex: String(repeating: "0f", count: 32))

    /// Records with every field set, odd identities (percent-encoded users and names) and odd identifiers.
    static let state = SyncState(records: [
        .proxmox(vmid: 100, protocolName: "rdp", username: "admin"): .init(
            guacIdentifier: "7", desiredHash: hashA, observedHash: hashB, lastSync: Date(timeIntervalSince1970: 1_767_323_045)),
        .proxmox(vmid: 101, protocolName: "ssh", username: #"DOM\ops:x "é""#): .init(
            guacIdentifier: "12", desiredHash: hashB, observedHash: hashB, lastSync: Date(timeIntervalSince1970: 1_790_000_000)),
        .external(name: "nas/backup é", protocolName: "vnc", username: "root@local"): .init(
            guacIdentifier: "a\"b/c\\d\n\t\u{1}\u{1f}é😀", desiredHash: hashA, observedHash: hashA,
            lastSync: Date(timeIntervalSince1970: 0)),
    ])

    static func codableBytes(_ state: SyncState) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(state))
    }

    @Test("every field of every record round-trips, special characters included")
    func roundTrip() throws {
        #expect(try SyncState(stateFileBytes: Self.state.stateFileBytes()) == Self.state)
        #expect(try SyncState(stateFileBytes: SyncState.empty.stateFileBytes()) == .empty)
    }

    @Test("the output is byte for byte what earlier versions wrote (JSONEncoder, pretty, sorted keys)")
    func sameBytesAsBefore() throws {
        #expect(Self.state.stateFileBytes() == (try Self.codableBytes(Self.state)))
        #expect(SyncState.empty.stateFileBytes() == (try Self.codableBytes(.empty)))
    }

    @Test("earlier versions' reader (JSONDecoder) reads the new output")
    func oldReaderReadsNewOutput() throws {
        #expect(try JSONDecoder().decode(SyncState.self, from: Data(Self.state.stateFileBytes())) == Self.state)
    }

    @Test("a file written by an earlier version, and a hand-edited compact one, load")
    func readsEarlierFiles() throws {
        #expect(try SyncState(stateFileBytes: Self.codableBytes(Self.state)) == Self.state)
        let compact = #"{"version":1,"extra":[1,{"x":null}],"connections":{"pve:100:rdp:admin":{"lastSync":"2026-01-02T03:04:05Z","# +
            #""guacIdentifier":"7","observedHash":"\#(Self.hashB.hex)","desiredHash":"\#(Self.hashA.hex)","note":true}}}"#
        let loaded = try SyncState(stateFileBytes: Array(compact.utf8))
        #expect(loaded.records == [.proxmox(vmid: 100, protocolName: "rdp", username: "admin"): .init(
            guacIdentifier: "7", desiredHash: Self.hashA, observedHash: Self.hashB, lastSync: Date(timeIntervalSince1970: 1_767_323_045))])
    }

    @Test("an unsupported version or identity is refused with the state errors' fixes")
    func refusesVersionAndIdentity() {
        #expect(throws: SyncStateError.unsupportedVersion(2)) {
            try SyncState(stateFileBytes: Array(#"{"version": 2, "connections": {}}"#.utf8))
        }
        let badKey = #"{"version": 1, "connections": {"pve:abc:rdp:x": {"guacIdentifier": "1", "desiredHash": "a", "observedHash": "a", "lastSync": "2026-01-02T03:04:05Z"}}}"#
        #expect {
            try SyncState(stateFileBytes: Array(badKey.utf8))
        } throws: { error in
            guard case .badIdentity(let marker)? = error as? SyncStateError else { return false }
            return marker.text == "pve:abc:rdp:x"
        }
    }

    @Test("a file that is not a state file says what is wrong and where", arguments: [
        ("{\"version\": 1,", "line 1, column 15"),
        ("[]", "the document is not a JSON object"),
        (#"{"connections": {}}"#, "\"version\" is missing"),
        (#"{"version": 1}"#, "\"connections\" is missing"),
        (#"{"version": 1, "connections": {"pve:1:rdp:a": {"guacIdentifier": 7, "lastSync": "2026-01-02T03:04:05Z"}}}"#, "\"guacIdentifier\" is missing or not a string"),
        (#"{"version": 1, "connections": {"pve:1:rdp:a": {"guacIdentifier": "7", "desiredHash": "a", "observedHash": "a", "lastSync": "yesterday"}}}"#,
         "lastSync \"yesterday\" is not an ISO 8601 date"),
    ])
    func refusesMalformed(text: String, message: String) {
        #expect {
            try SyncState(stateFileBytes: Array(text.utf8))
        } throws: { error in
            (error as? SyncStateFileError)?.description.contains(message) == true
        }
    }

    @Test("bytes that are not UTF-8 are refused")
    func refusesInvalidUTF8() {
        #expect(throws: SyncStateFileError.self) { try SyncState(stateFileBytes: [0x7B, 0xFF, 0x7D]) }
    }
}
