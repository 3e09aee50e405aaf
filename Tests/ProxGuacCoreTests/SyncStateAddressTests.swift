import Foundation
import Testing
@testable import ProxGuacCore

/// Issue 15: the state record's last address (optional, written only when known).
@Suite("State file: last address per record")
struct SyncStateAddressTests {
    static let guest = ConnectionIdentity.proxmox(vmid: 102, protocolName: "ssh", username: "dba")
    static let nas = ConnectionIdentity.external(name: "nas", protocolName: "ssh", username: "admin")

    static func state(address: String?) -> SyncState {
        SyncState(records: [guest: .init(guacIdentifier: "7", desiredHash: SyncStateFileTests.hashA, observedHash: SyncStateFileTests.hashB,
                                         lastSync: Date(timeIntervalSince1970: 1_767_323_045), address: address)])
    }

    @Test("a record with an address round-trips and writes what JSONEncoder writes; one without has no address line")
    func codec() throws {
        let with = Self.state(address: "198.51.100.22")
        let bytes = with.stateFileBytes()
        #expect(try SyncState(stateFileBytes: bytes) == with)
        #expect(bytes == (try SyncStateFileTests.codableBytes(with)))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"address\" : \"198.51.100.22\",\n      \"desiredHash\""))
        let without = Self.state(address: nil).stateFileBytes()
        #expect(!String(decoding: without, as: UTF8.self).contains("address"))
        #expect(try SyncState(stateFileBytes: without).records[Self.guest]?.address == nil)
    }

    @Test("addresses are recorded for guest connections that landed, not for failed ones or external hosts")
    func recordsAddresses() throws {
        var state = Self.state(address: "198.51.100.9")
        state.records[Self.nas] = .init(guacIdentifier: "8", desiredHash: SyncStateFileTests.hashA, observedHash: SyncStateFileTests.hashA,
                                        lastSync: Date(timeIntervalSince1970: 0))
        func desired(_ identity: ConnectionIdentity, _ host: String) -> DesiredConnection {
            DesiredConnection(identity: identity, name: "x", groupNames: [], guestName: "g",
                              parameters: [GuacamoleParameterName.hostname: host])
        }
        var failed = state
        failed.recordAddresses(of: [desired(Self.guest, "198.51.100.22")], except: [Self.guest])
        #expect(failed.records[Self.guest]?.address == "198.51.100.9")
        state.recordAddresses(of: [desired(Self.guest, "198.51.100.22"), desired(Self.nas, "nas.example.org")])
        #expect(state.records[Self.guest]?.address == "198.51.100.22")
        #expect(state.records[Self.nas]?.address == nil)
        #expect(state.recordedAddresses == [Self.guest: "198.51.100.22"])
    }
}
