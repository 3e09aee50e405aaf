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

/// Issue 20: each cluster's loader raises the transport's limits for its own URL; the raises add up.
@Suite struct SeveralClustersConnectionTests {
    @Test func twoClustersReadAtOnceKeepTheirConnectionsOpen() async throws {
        var options = LabOptions()
        options.clusters = 2
        options.latency = .milliseconds(30)
        // 2 per host, 4 in all: without adding up, the second cluster's 6 would leave room for 8 (4 + 6 − 2), and
        // each round of 12 calls would close connections of one cluster to open the other's.
        let fixture = try LabFixture(options)
        let transport = HTTPTransport(configuration: .init(maxConnectionsPerHost: 2, maxConnections: 4), logger: fixture.logs.logger)
        let clients = try fixture.lab.clusterURLs.map { url in
            let client = try ProxmoxClient(baseURL: url, auth: LabCredentials.token(), tls: fixture.trusted,
                                           transport: transport, logger: fixture.logs.logger)
            client.allowConcurrentRequests(6)
            return client
        }
        for _ in 0..<4 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in clients {
                    for _ in 0..<6 { group.addTask { _ = try await client.version() } }
                }
                try await group.waitForAll()
            }
        }
        // 24 calls per cluster, 6 at a time: at most 6 connections each, opened once and kept.
        #expect(fixture.lab.proxmoxConnectionsAccepted() <= 12, "\(fixture.lab.proxmoxConnectionsAccepted()) connections for 48 calls")
    }

    @Test func limitsHoldEverySourcesConnections() {
        let configured = CurlMultiLoop.Limits(maxConnectionsPerHost: 16, maxConnections: 32)
        #expect(configured.raised(to: [32]) == .init(maxConnectionsPerHost: 32, maxConnections: 48))
        #expect(configured.raised(to: [32, 32, 32]) == .init(maxConnectionsPerHost: 32, maxConnections: 112))
        #expect(configured.raised(to: [8]) == configured)
    }
}
