import Testing
import ProxGuacCore

/// Entries that cannot be built (no address, unusable notes) still get a row a person can read.
@Suite("Status rows of entries that could not be built")
struct PlannerBlockedRowTests {
    @Test("a no-ip row names its guest, user and protocol, not only the identity key")
    func noAddressRowNamesTheGuest() throws {
        let identity = ConnectionIdentity.proxmox(vmid: 103, protocolName: "ssh", username: "admin")
        let plan = Planner.plan(
            desired: [], blocked: [BlockedEntry(identity: identity, reason: .noAddress, guestName: "ci-runner")],
            observed: [], groups: [], availability: [:], state: .empty, options: PlanOptions(rootGroup: "Proxmox"))
        let row = try #require(plan.row(for: identity))
        #expect(row.status == .noIP)
        #expect(row.name == "ci-runner: admin ssh")
        #expect(row.guestName == "ci-runner")
        #expect(plan.actions.isEmpty)
    }
}
