import Testing
@testable import ProxGuacCore

/// The planner sorts identities through integer ordinals (`ConnectionIdentity.ordinals`): the order must be exactly `<`,
/// so plans list rows and settle name clashes as before.
@Suite struct ConnectionIdentityOrderTests {
    /// Identities over unnamed and named clusters, external hosts, several protocols and users (non-ASCII too), with repeats.
    static func sample(count: Int) -> [ConnectionIdentity] {
        var generator = SeededGenerator(seed: 20)
        let clusters: [ClusterName?] = [nil, ClusterName("lab1"), ClusterName("lab2"), ClusterName("a-1"), ClusterName("zz")]
        let externals = ["nas", "Nas", "büro", "router-01", "203.0.113.1"]
        let protocols = ["ssh", "rdp", "vnc"]
        let users = ["", "admin", "Admin", "root", "jürgen", "z"]
        return (0..<count).map { _ in
            let proto = protocols.randomElement(using: &generator) ?? "ssh"
            let user = users.randomElement(using: &generator) ?? ""
            if Int.random(in: 0..<6, using: &generator) == 0 {
                return .external(name: externals.randomElement(using: &generator) ?? "nas", protocolName: proto, username: user)
            }
            let cluster = clusters.randomElement(using: &generator) ?? nil
            return .proxmox(cluster: cluster, vmid: Int.random(in: 100..<140, using: &generator), protocolName: proto, username: user)
        }
    }

    @Test("Sorted through ordinals is sorted by <")
    func sortedMatchesLessThan() {
        let identities = Self.sample(count: 3_000)
        #expect(ConnectionIdentity.sortedInOrder(identities) == identities.sorted())
        #expect(ConnectionIdentity.sortedInOrder([]) == [])
    }

    @Test("Ordinals compare as the identities do: smaller, equal (repeats share one) or larger")
    func ordinalsAgreeWithLessThanAndEquality() {
        let identities = Self.sample(count: 600)
        let ordinals = ConnectionIdentity.ordinals(identities)
        var mismatches = 0
        for i in identities.indices {
            for j in identities.indices where (ordinals[i] < ordinals[j]) != (identities[i] < identities[j])
                || (ordinals[i] == ordinals[j]) != (identities[i] == identities[j]) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(Set(ordinals).count == Set(identities).count)
    }
}
