import Foundation
import Testing
import ProxGuacLab

/// `proxguac list` for a guest that lost its address (issue #15): its row says where the address came from.
@Suite("proxguac list: last known address")
struct LastKnownAddressListTests {
    @Test func listShowsLastKnownAddress() throws {
        try CLILab.with { setup in
            let first = try setup.run(["auto"])
            #expect(first.status == 0, "\(first.stderr)")
            setup.lab.setConfig(vmid: 102, key: "ipconfig0", nil)

            let list = try setup.run(["list", "--verbose"])
            #expect(list.status == 0, "\(list.stderr)")
            let row = try #require(list.stdout.split(separator: "\n").first { $0.contains("[pve:102:ssh:dba]") })
            #expect(row.contains("198.51.100.22"), "\(row)")
            // The date of the last sync, as YYYY-MM-DD.
            let marker = try #require(row.range(of: "address: last known ("), "\(row)")
            let date = row[marker.upperBound...].prefix(11)
            #expect(date.count == 11 && date.last == ")" && ISO8601DateFormatter().date(from: date.dropLast() + "T00:00:00Z") != nil, "\(row)")
            #expect(!row.hasPrefix("no-ip"))
        }
    }
}
