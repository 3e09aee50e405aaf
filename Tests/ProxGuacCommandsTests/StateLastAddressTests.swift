import Foundation
import Testing
import ProxGuacLab

/// Issue 15, "or the state's last address": a guest without an address whose connection was also deleted by
/// hand in Guacamole gets it back with the address remembered in the state file.
@Suite("state file: last known address")
struct StateLastAddressTests {
    static let identity = "pve:102:ssh:dba"

    @Test("no address and no connection: list shows the state's address, auto recreates the connection with it")
    func recreatedWithStateAddress() throws {
        try CLILab.with { setup in
            let first = try setup.run(["auto"])
            #expect(first.status == 0, "\(first.stderr)")
            let state = setup.stateText
            #expect(state.contains("\"address\" : \"198.51.100.22\""), "\(state)")

            setup.lab.setConfig(vmid: 102, key: "ipconfig0", nil)
            let connection = try #require(setup.lab.guacamoleConnections().first { $0.parameters["proxguac-id"] == "v1:" + Self.identity })
            setup.lab.deleteConnectionByHand(identifier: connection.identifier)

            let list = try setup.run(["list", "--verbose"])
            #expect(list.status == 0, "\(list.stderr)")
            let row = try #require(list.stdout.split(separator: "\n").first { $0.contains("[\(Self.identity)]") }, "\(list.stdout)")
            #expect(row.contains("198.51.100.22") && row.contains("address: last known ("), "\(row)")

            let second = try setup.run(["auto"])
            #expect(second.status == 0, "\(second.stderr)")
            let recreated = try #require(setup.lab.guacamoleConnections().first { $0.parameters["proxguac-id"] == "v1:" + Self.identity })
            #expect(recreated.parameters["hostname"] == "198.51.100.22")
            #expect(recreated.identifier != connection.identifier)
        }
    }
}
