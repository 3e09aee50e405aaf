import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// `LabOptions.clusters` (`proxguac lab --clusters N`): separate emulated clusters with the same vmids.
@Suite struct LabClustersTests {
    @Test func eachClusterIsItsOwnServerWithTheSameVmidsAndItsOwnNotes() async throws {
        var options = LabOptions()
        options.clusters = 3
        let fixture = try LabFixture(options)
        let urls = fixture.lab.clusterURLs
        #expect(urls.count == 3 && Set(urls).count == 3 && urls[0] == fixture.lab.proxmoxURL)
        let clients = try urls.map { url in
            try ProxmoxClient(baseURL: url, auth: LabCredentials.token(), tls: fixture.trusted, transport: fixture.transport,
                              logger: fixture.logs.logger)
        }
        var vmids: [[Int]] = []
        for client in clients { vmids.append(try await client.guests().map(\.vmid).sorted()) }
        #expect(vmids[0] == vmids[1] && vmids[1] == vmids[2] && !vmids[0].isEmpty, "overlapping vmids")

        let guest = GuestReference(node: "pve1", vmid: 101, kind: .qemu)
        let digest = try #require(try await clients[1].config(of: guest).digest)
        try await clients[1].setNotes("only in cluster 2", of: guest, digest: digest)
        #expect(fixture.lab.notes(vmid: 101, cluster: 1) == "only in cluster 2")
        #expect(fixture.lab.notes(vmid: 101) != "only in cluster 2")
        #expect(try await clients[0].config(of: guest).description != "only in cluster 2")
    }

    @Test func aStoppedClusterRefusesConnectionsWhileTheOthersAnswer() async throws {
        var options = LabOptions()
        options.clusters = 2
        let fixture = try LabFixture(options)
        fixture.lab.stopCluster(1)
        let down = try ProxmoxClient(baseURL: fixture.lab.clusterURLs[1], auth: LabCredentials.token(), tls: fixture.trusted,
                                     transport: fixture.transport, logger: fixture.logs.logger)
        let error = await #expect(throws: ProxmoxError.self) { _ = try await down.version() }
        #expect(error?.description.contains("cannot connect") == true)
        _ = try await fixture.proxmox().version()
    }
}
