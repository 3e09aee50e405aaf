import Testing
import ProxGuacCore
@testable import ProxGuacSync

/// The two lookups behind `network.allowedTargets`: this host's own addresses and a note's host name.
struct TargetLookupTests {
    @Test func ownAddressesIncludeLoopback() {
        #expect(OwnAddresses.all().contains(.v4(IPv4Address(127, 0, 0, 1))))
    }

    /// `localhost` comes from /etc/hosts: no packet leaves the machine.
    @Test func localhostResolvesWithoutTheNetwork() {
        #expect(HostResolver.addresses("localhost").contains { if case .v4(let a) = $0 { a.isLoopback } else { $0 == (try? IPAddress("::1")) } })
    }
}
