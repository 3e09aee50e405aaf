import Foundation
import Testing
@testable import ProxGuacCore

/// Issue 20: with several clusters the deletion guard judges each cluster on its own.
@Suite("Deletion guard per cluster")
struct ClusterDeletionGuardTests {
    static let lab = ClusterName("lab")!
    static let prod = ClusterName("prod")!

    static func desired(_ cluster: ClusterName, vmid: Int) -> DesiredConnection {
        DesiredConnection(
            identity: .proxmox(cluster: cluster, vmid: vmid, protocolName: "ssh", username: "admin"),
            name: "admin@\(cluster.text)-\(vmid)", groupNames: [cluster.text], guestName: "g\(vmid)",
            parameters: ["hostname": "198.51.100.10", "port": "22", "username": "admin", "password": Fixture.password])
    }

    /// Both clusters synced with two guests each; every guest of both is gone now; one new guest in prod.
    static func plan() -> Plan {
        var world = World()
        for cluster in [lab, prod] {
            for vmid in [100, 101] { world.synced(desired(cluster, vmid: vmid)) }
        }
        let created = desired(prod, vmid: 200)
        return world.plan([created], availability: [created.identity.source: .known])
    }

    static func deletes(_ plan: Plan, of cluster: ClusterName) -> Int {
        plan.actions.filter { $0.phase == .deleteConnections && $0.identity?.source.guest?.cluster == cluster }.count
    }

    @Test("an empty guest list in one cluster holds that cluster's deletes only; the other's deletes and the create go ahead")
    func emptyClusterHoldsItsOwnDeletes() {
        let plan = Self.plan()
        #expect(Self.deletes(plan, of: Self.lab) == 2 && Self.deletes(plan, of: Self.prod) == 2)
        let guarded = DeletionGuard.apply(to: plan, clusters: [
            .init(cluster: Self.lab, selectedGuests: 0, recordedScope: nil, currentScope: ["/vms"]),
            .init(cluster: Self.prod, selectedGuests: 1, recordedScope: nil, currentScope: ["/vms"]),
        ], maxDeletes: nil, allowMassDelete: false, acceptScopeChange: false)
        #expect(Self.deletes(guarded, of: Self.lab) == 0)
        #expect(Self.deletes(guarded, of: Self.prod) == 2)
        #expect(guarded.actions(in: .createConnections).count == 1)
        #expect(guarded.deletionGuard?.reason == .inCluster("cluster \"lab\"", .emptySelection))
        #expect(guarded.deletionGuard?.description.contains("cluster \"lab\": no guest is selected") == true)
    }

    @Test("a shrunken scope in one cluster and an empty list in the other: both held, both reasons named; --allow-mass-delete lifts only the empty list")
    func bothClustersHeld() {
        let plan = Self.plan()
        let clusters: [DeletionGuard.ClusterInput] = [
            .init(cluster: Self.lab, selectedGuests: 2, recordedScope: ["/vms"], currentScope: ["/pool/x"]),
            .init(cluster: Self.prod, selectedGuests: 0, recordedScope: nil, currentScope: ["/vms"]),
        ]
        let guarded = DeletionGuard.apply(to: plan, clusters: clusters, maxDeletes: 100, allowMassDelete: false, acceptScopeChange: false)
        #expect(guarded.actions.allSatisfy { !$0.isDelete })
        #expect(guarded.deletionGuard?.held.filter { $0.phase == .deleteConnections }.count == 4)
        let text = guarded.deletionGuard?.description ?? ""
        #expect(text.contains("cluster \"lab\": the token no longer holds VM.Audit") && text.contains("cluster \"prod\": no guest"), "\(text)")
        let lifted = DeletionGuard.apply(to: plan, clusters: clusters, maxDeletes: 100, allowMassDelete: true, acceptScopeChange: false)
        #expect(Self.deletes(lifted, of: Self.lab) == 0 && Self.deletes(lifted, of: Self.prod) == 2)
    }

    @Test("sync.maxDeletes counts the deletes of every cluster together")
    func maxDeletesOverAllClusters() {
        let guarded = DeletionGuard.apply(to: Self.plan(), clusters: [
            .init(cluster: Self.lab, selectedGuests: 1, recordedScope: nil, currentScope: nil),
            .init(cluster: Self.prod, selectedGuests: 1, recordedScope: nil, currentScope: nil),
        ], maxDeletes: 3, allowMassDelete: false, acceptScopeChange: false)
        #expect(guarded.deletionGuard?.reason == .tooMany(deletes: 4, limit: 3))
    }

    @Test("the state file keeps each named cluster's scope next to the unnamed cluster's")
    func auditScopesRoundTrip() throws {
        var state = SyncState()
        var server = SyncStateServer(guacamoleURL: "https://guac.example.org/guacamole", dataSource: "postgresql", rootGroup: "Proxmox")
        server.setAuditScope(["/vms"], of: Self.lab)
        server.setAuditScope(["/pool/a", "/"], of: Self.prod)
        state.server = server
        let read = try SyncState(stateFileBytes: state.stateFileBytes())
        #expect(read == state)
        #expect(read.server?.auditScope(of: Self.prod) == ["/pool/a", "/"])
        #expect(read.server?.auditScope(of: nil) == nil)
        #expect(try JSONSerialization.jsonObject(with: Data(state.stateFileBytes())) is [String: Any])
    }
}
