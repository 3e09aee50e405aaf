import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Retries over real HTTPS against the lab with injected faults. Sleeps are a few milliseconds.
@Suite struct RetryAgainstLabTests {
    /// Short sleeps; a total-time bound far away, so a slow, busy machine cannot cut the tries short.
    private static let fast = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxTotalTime: .seconds(600))

    private struct Clients {
        let fixture: LabFixture
        let proxmox: ProxmoxClient
        let guacamole: GuacamoleClient
    }

    private func clients(_ rules: [LabFaultRule], offlineNodes: Set<String> = [], timeout: Duration = .seconds(10))
        throws -> Clients
    {
        var options = LabOptions()
        options.faults = LabFaults(rules: rules, offlineNodes: offlineNodes)
        let fixture = try LabFixture(options)
        let transport = HTTPTransport(
            configuration: .init(maxConnectionsPerHost: 4, requestTimeout: timeout), logger: fixture.logs.logger)
        return Clients(
            fixture: fixture,
            proxmox: try ProxmoxClient(
                baseURL: fixture.lab.proxmoxURL, auth: LabCredentials.token(), tls: fixture.trusted, transport: transport,
                logger: fixture.logs.logger, retry: Self.fast),
            guacamole: try GuacamoleClient(
                baseURL: fixture.lab.guacamoleURL, username: LabCredentials.guacamoleAdmin,
                password: Secret(LabCredentials.guacamoleAdminPassword), tls: fixture.trusted, transport: transport,
                logger: fixture.logs.logger, retry: Self.fast))
    }

    /// Requests the lab received with this method whose path ends with `suffix` (answered or faulted).
    private func received(_ lab: Lab, _ method: String, endingWith suffix: String) -> Int {
        lab.requestCounts().filter { $0.key.hasPrefix(method + " ") && $0.key.hasSuffix(suffix) }.values.reduce(0, +)
    }

    private func connection(named name: String, marker: String) -> GuacamoleConnection {
        GuacamoleConnection(
            name: name, protocol: "ssh",
            parameters: ["hostname": "192.0.2.10", "port": "22", IdentityMarker.parameterName: marker])
    }

    @Test("a read that meets 503 three times succeeds on the fourth try")
    func readRetried() async throws {
        let clients = try clients([LabFaultRule(server: .proxmox, method: "GET", path: "*/cluster/resources", kind: .httpStatus(503), limit: 3)])
        let guests = try await clients.proxmox.guests()
        #expect(!guests.isEmpty)
        #expect(received(clients.fixture.lab, "GET", endingWith: "/cluster/resources") == 4)
    }

    @Test("retries stop after maxAttempts tries and the last error is reported")
    func readBounded() async throws {
        let clients = try clients([LabFaultRule(server: .proxmox, method: "GET", path: "*/cluster/resources", kind: .httpStatus(502))])
        let error = await #expect(throws: ProxmoxError.self) { _ = try await clients.proxmox.guests() }
        guard case .server(let status, _, _) = error else {
            Issue.record("expected a server error, got \(String(describing: error))")
            return
        }
        #expect(status == 502)
        #expect(received(clients.fixture.lab, "GET", endingWith: "/cluster/resources") == 4)
    }

    @Test("a hung read and a reset connection are retried")
    func timeoutAndReset() async throws {
        let clients = try clients([
            LabFaultRule(server: .guacamole, method: "GET", path: "*/connections", kind: .hang, limit: 1),
            LabFaultRule(server: .guacamole, method: "GET", path: "*/connectionGroups", kind: .reset, limit: 1),
        ], timeout: .milliseconds(500))
        _ = try await clients.guacamole.connections()
        _ = try await clients.guacamole.connectionGroups()
        #expect(received(clients.fixture.lab, "GET", endingWith: "/connections") == 2)
        #expect(received(clients.fixture.lab, "GET", endingWith: "/connectionGroups") == 2)
    }

    @Test("an offline node (595) is reported at once, not retried")
    func offlineNodeNotRetried() async throws {
        let clients = try clients([], offlineNodes: ["pve2"])
        let error = await #expect(throws: ProxmoxError.self) {
            _ = try await clients.proxmox.config(of: GuestReference(node: "pve2", vmid: 102, kind: .qemu))
        }
        guard case .nodeOffline = error else {
            Issue.record("expected nodeOffline, got \(String(describing: error))")
            return
        }
        #expect(received(clients.fixture.lab, "GET", endingWith: "/qemu/{vmid}/config") == 1)
    }

    @Test("a create whose answer is lost is found by its marker, not sent again: one connection")
    func lostCreateAnswer() async throws {
        let clients = try clients([LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .resetAfterApplying, limit: 1)])
        let created = try await clients.guacamole.createConnection(connection(named: "lost-answer", marker: "v1:pve:900:ssh:root"))
        let stored = clients.fixture.lab.guacamoleConnections().filter { $0.name == "lost-answer" }
        #expect(stored.count == 1)
        #expect(created.identifier == stored.first?.identifier)
        // The lab served one POST; libcurl may re-send it once on a reused connection (then "already exists").
        #expect(received(clients.fixture.lab, "POST", endingWith: "/connections") <= 2)
    }

    @Test("a create refused with 503 before it happened is sent again: one connection")
    func createRetriedAfterCheck() async throws {
        let clients = try clients([LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .httpStatus(503), limit: 2)])
        let created = try await clients.guacamole.createConnection(connection(named: "retried", marker: "v1:pve:901:ssh:root"))
        #expect(created.identifier != nil)
        #expect(clients.fixture.lab.guacamoleConnections().filter { $0.name == "retried" }.count == 1)
        #expect(received(clients.fixture.lab, "POST", endingWith: "/connections") == 3)
    }

    @Test("a same-named connection with another marker is not taken for the lost create")
    func otherMarkerIsNotAMatch() async throws {
        let clients = try clients([])
        _ = try await clients.guacamole.createConnection(connection(named: "twin", marker: "v1:pve:902:ssh:root"))
        let found = try await clients.guacamole.existingConnections(like: [
            connection(named: "twin", marker: "v1:pve:903:ssh:root"), connection(named: "twin", marker: "v1:pve:902:ssh:root"),
        ])
        #expect(found[0] == nil)
        #expect(found[1]?.name == "twin")
    }

    @Test("a create that keeps failing with 500 stops after maxAttempts and makes nothing")
    func createBounded() async throws {
        let clients = try clients([LabFaultRule(server: .guacamole, method: "POST", path: "*/connections", kind: .httpStatus(500))])
        await #expect(throws: GuacamoleError.self) {
            _ = try await clients.guacamole.createConnection(connection(named: "never", marker: "v1:pve:904:ssh:root"))
        }
        #expect(clients.fixture.lab.guacamoleConnections().filter { $0.name == "never" }.isEmpty)
        #expect(received(clients.fixture.lab, "POST", endingWith: "/connections") == 4)
    }

    @Test("a delete whose answer is lost is done when the retry finds nothing (404)")
    func lostDeleteAnswer() async throws {
        let clients = try clients([])
        let created = try await clients.guacamole.createConnection(connection(named: "doomed", marker: "v1:pve:905:ssh:root"))
        let identifier = try #require(created.identifier)
        clients.fixture.lab.setFaults(LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "DELETE", path: "*/connections/*", kind: .resetAfterApplying, limit: 1),
        ]))
        do {
            try await clients.guacamole.deleteConnection(identifier)
        } catch {
            // libcurl may have re-sent the DELETE itself on the broken reused connection: then the first answer
            // we see is already 404, which the applier counts as done. Any other error is a failure.
            guard case .notFound = error else { throw error }
        }
        #expect(!clients.fixture.lab.guacamoleConnections().contains { $0.identifier == identifier })
        #expect(received(clients.fixture.lab, "DELETE", endingWith: "/connections/{id}") >= 1)
    }

    @Test("an update (full PUT) is repeated after 502s and lands once")
    func updateRetried() async throws {
        let clients = try clients([])
        var wanted = connection(named: "moved", marker: "v1:pve:906:ssh:root")
        let created = try await clients.guacamole.createConnection(wanted)
        let identifier = try #require(created.identifier)
        clients.fixture.lab.setFaults(LabFaults(rules: [
            LabFaultRule(server: .guacamole, method: "PUT", path: "*/connections/*", kind: .httpStatus(502), limit: 2),
        ]))
        wanted.parameters?["port"] = "2222"
        try await clients.guacamole.updateConnection(identifier, to: wanted)
        #expect(clients.fixture.lab.guacamoleConnections().first { $0.identifier == identifier }?.parameters["port"] == "2222")
    }
}
