import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// The engine on a bigger generated cluster (lab on 127.0.0.1).
@Suite("Sync engine on a generated cluster")
struct SyncEngineScaleTests {
    @Test("Never more than proxmox.maxConcurrentPerNode calls per node; a second run plans nothing")
    func perNodeLimit() async throws {
        let lab = try Self.generatedLab(guests: 120, nodes: 3, latencyMilliseconds: 2, maxPerNode: 2)
        defer { lab.stop() }
        let (run, report) = try await lab.sync()
        #expect(run.plan.actions(in: .createConnections).count > 50)
        #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
        let peaks = lab.lab.peakConcurrentRequestsPerNode()
        #expect(!peaks.isEmpty)
        #expect(peaks.values.allSatisfy { $0 <= 2 }, "\(peaks)")

        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.actions.prefix(3))")
    }

    @Test("Many nodes behind one Proxmox URL are read in parallel: more calls at once than sync.concurrency, still at most maxConcurrentPerNode per node")
    func manyNodesShareOneURL() async throws {
        let lab = try Self.generatedLab(guests: 240, nodes: 12, latencyMilliseconds: 20, maxPerNode: 3)
        defer { lab.stop() }
        _ = try await lab.engine().plan(resolution: .report)
        let peaks = lab.lab.peakConcurrentRequestsPerNode()
        #expect(peaks.values.allSatisfy { $0 <= 3 }, "\(peaks)")
        // Before, the transport kept 16 connections (sync.concurrency) to the one Proxmox host: never more at once.
        let proxmox = lab.lab.requestTimeline().filter { $0.side == .proxmox }
        #expect(Self.mostAtOnce(proxmox) > SyncSettings.defaultConcurrency, "at most \(Self.mostAtOnce(proxmox)) PVE calls at once")
    }

    /// A generated cluster behind the lab, every request taking `latencyMilliseconds`.
    static func generatedLab(guests: Int, nodes: Int, latencyMilliseconds: Int, maxPerNode: Int) throws -> SyncLab {
        var options = LabOptions()
        options.latency = .milliseconds(latencyMilliseconds)
        return try SyncLab.start(LabScenario.generated(guests: guests, nodes: nodes), options: options, maxPerNode: maxPerNode)
    }

    /// The most requests the lab was serving (or holding for a node worker) at one moment.
    static func mostAtOnce(_ served: [ServedRequest]) -> Int {
        var events: [(at: ContinuousClock.Instant, change: Int)] = []
        for request in served {
            events.append((request.started, 1))
            events.append((request.finished, -1))
        }
        // At the same instant, an end counts before a start.
        events.sort { first, second in first.at != second.at ? first.at < second.at : first.change < second.change }
        var current = 0
        var most = 0
        for (_, change) in events {
            current += change
            most = max(most, current)
        }
        return most
    }

    @Test("Only the requests the plan needs: one cluster listing, address calls only for running guests, PATCH batches, parameters only for managed connections")
    func onlyNeededRequests() async throws {
        let scenario = LabScenario.generated(guests: 60, nodes: 2)
        let lab = try SyncLab.start(scenario)
        defer { lab.stop() }
        let (_, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
        let first = lab.lab.requestCounts()
        let running = scenario.guests.filter { $0.status == "running" }
        let agentCalls = running.filter { $0.type == .qemu && $0.config["agent"] == "1" }.count
        let containerCalls = running.filter { $0.type == .lxc }.count
        #expect(first["GET /api2/json/cluster/resources"] == 1)
        #expect(first["GET /api2/json/nodes/{node}/qemu"] == nil)
        #expect(first["GET /api2/json/nodes/{node}/lxc"] == nil)
        #expect(first["GET /api2/json/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces"] == agentCalls)
        #expect(first["GET /api2/json/nodes/{node}/lxc/{vmid}/interfaces"] == containerCalls)
        #expect(first["POST /guacamole/api/session/data/{ds}/connections"] == nil)
        #expect(first["PATCH /guacamole/api/session/data/{ds}/connections"] == 1)
        #expect(first["GET /guacamole/translations/en.json"] == 1)
        // The root group alone, then each depth of guest groups in one PATCH.
        #expect(first["POST /guacamole/api/session/data/{ds}/connectionGroups"] == 1)
        #expect(first["PATCH /guacamole/api/session/data/{ds}/connectionGroups"] == 1)
        #expect(lab.lab.guacamoleGroups().count > 2)

        try await lab.sync()
        let second = lab.lab.requestCounts()
        let parameterReads = (second["GET /guacamole/api/session/data/{ds}/connections/{id}/parameters"] ?? 0)
            - (first["GET /guacamole/api/session/data/{ds}/connections/{id}/parameters"] ?? 0)
        #expect(parameterReads == lab.lab.guacamoleConnections().count - scenario.guacamole.connections.count)
    }
}

/// Groups of one depth beyond one PATCH (500 groups each).
@Suite("Sync engine: many groups at one depth")
struct ManyGroupsTests {
    @Test("More than 500 guest groups: created in several PATCHes sent at once, every connection in its own guest's group, a second run plans nothing")
    func groupChunksGoTogether() async throws {
        let lab = try SyncEngineScaleTests.generatedLab(guests: 1_400, nodes: 4, latencyMilliseconds: 5, maxPerNode: 4)
        defer { lab.stop() }
        let (run, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
        let groupCreates = run.plan.actions(in: .createGroups).count
        #expect(groupCreates > 1_000, "\(groupCreates) groups planned")

        let patches = lab.lab.requestTimeline().filter { $0.label.hasPrefix("PATCH ") && $0.label.hasSuffix("/connectionGroups") }
        #expect(patches.count >= 3, "\(patches.count) group PATCHes")
        // Two chunks of the same depth were in flight at the same moment.
        let overlapping = patches.contains { first in
            patches.contains { second in first.started < second.started && second.started < first.finished }
        }
        #expect(overlapping, "the group PATCHes went one after another")

        // Each chunk's identifiers went to its own groups: every connection sits in the group named for its guest.
        let groups = Dictionary(uniqueKeysWithValues: lab.lab.guacamoleGroups().map { ($0.identifier, $0.name) })
        let desired = Dictionary(
            run.plan.actions(in: .createConnections).compactMap { action -> (String, String)? in
                guard case .createConnection(_, let fields, let path, _) = action.operation, let group = path.last else { return nil }
                return (fields.name, group)
            }, uniquingKeysWith: { first, _ in first })
        var checked = 0
        for connection in lab.lab.guacamoleConnections() {
            guard let expected = desired[connection.name] else { continue }
            #expect(groups[connection.parentIdentifier] == expected, "\(connection.name) in \(groups[connection.parentIdentifier] ?? "?")")
            checked += 1
        }
        #expect(checked > 1_000)

        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.actions.prefix(3))")
    }
}
