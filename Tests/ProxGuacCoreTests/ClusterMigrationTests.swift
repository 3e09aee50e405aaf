import Foundation
import Testing
@testable import ProxGuacCore

/// The pure part of naming/renaming a cluster (the sync carries it out: docs/clusters.md).
@Suite("Cluster migration plan")
struct ClusterMigrationTests {
    let lab = ClusterName("lab")!
    let old = ClusterName("old")!

    func connection(_ id: String, _ identity: ConnectionIdentity) -> ObservedConnection {
        ObservedConnection(identifier: id, name: "web-\(id)", parentIdentifier: "1", protocolName: identity.protocolName,
                           parameters: ConnectionParameters([IdentityMarker.parameterName: IdentityMarker.encode(identity), "hostname": "10.0.0.\(id)"]))
    }

    @Test("first name: every unnamed marker is rewritten in place to the new name, state records re-keyed in sync")
    func firstName() throws {
        let plain = ConnectionIdentity.proxmox(vmid: 101, protocolName: "rdp", username: "admin")
        let observed = [connection("7", plain)]
        let hash = FieldHash(of: observed[0].fields)
        let state = SyncState(records: [plain: .init(guacIdentifier: "7", desiredHash: hash, observedHash: hash, lastSync: Date())])
        let migration = try ClusterMigration.plan(cluster: lab, previousNames: [], observed: observed, state: state, guestVMIDs: [101])
        let named = ConnectionIdentity.proxmox(cluster: lab, vmid: 101, protocolName: "rdp", username: "admin")
        #expect(migration.rewrites == [.init(identifier: "7", from: plain, to: named)])
        let after = migration.migrated(observed)
        #expect(after[0].identifier == "7" && after[0].markedIdentity == named)
        let record = try #require(migration.migrated(state, observed: observed).records[named])
        #expect(record.guacIdentifier == "7" && record.observedHash == FieldHash(of: after[0].fields) && record.desiredHash == record.observedHash)
    }

    @Test("the migration moves the recorded token scope to the new name, and adds one marker rewrite per connection the plan does not write")
    func scopeAndRewriteActions() throws {
        let plain = ConnectionIdentity.proxmox(vmid: 101, protocolName: "rdp", username: "admin")
        let observed = [connection("7", plain)]
        var state = SyncState()
        state.server = SyncStateServer(guacamoleURL: "https://g/guacamole", dataSource: "postgresql", rootGroup: "Proxmox", auditScope: ["/vms"])
        let migration = try ClusterMigration.plan(cluster: lab, previousNames: [], observed: observed, state: state, guestVMIDs: [101])
        let moved = migration.migrated(state, observed: observed).server
        #expect(moved?.auditScope(of: lab) == ["/vms"] && moved?.auditScope(of: nil) == nil)

        let empty = Plan(actions: [], rows: [], unidentified: [], notices: [], options: PlanOptions(rootGroup: "Proxmox"))
        let plan = migration.addingRewrites(to: empty, migrated: migration.migrated(observed), groups: [])
        #expect(plan.actions.count == 1 && plan.actions[0].isMarkerRewrite)
        if case .updateConnection(let identifier, let identity, let fields, _, _, _) = plan.actions[0].operation {
            #expect(identifier == "7" && identity.source.guest?.cluster == lab)
            #expect(fields.parameters["hostname"] == "10.0.0.7" && fields.name == "web-7", "written back as read")
        }
        #expect(plan.notices.contains { $0.contains("migrate-marker: 1 connection") })
    }

    @Test("a rename needs previousNames: without it the new name with the old one's guests is refused, naming previousNames")
    func renameWithoutPreviousNamesIsRefused() throws {
        let observed = [connection("7", .proxmox(cluster: old, vmid: 101, protocolName: "rdp", username: "admin"))]
        let error = #expect(throws: ClusterRenameRefused.self) {
            try ClusterMigration.plan(cluster: lab, previousNames: [], observed: observed, state: .empty, guestVMIDs: [101])
        }
        #expect(error?.description.contains("add \"previousNames\": [\"old\"] to cluster \"lab\"") == true)
        #expect(error?.exitCode == 2)
        let renamed = try ClusterMigration.plan(cluster: lab, previousNames: [old], observed: observed, state: .empty, guestVMIDs: [101])
        #expect(renamed.rewrites.count == 1 && renamed.held.isEmpty)
    }

    @Test("a removed cluster whose guests are not ours is held and reported, never migrated")
    func removedClusterIsHeld() throws {
        let observed = [connection("7", .proxmox(cluster: old, vmid: 900, protocolName: "ssh", username: "root")),
                        connection("8", .proxmox(cluster: lab, vmid: 101, protocolName: "ssh", username: "root"))]
        let migration = try ClusterMigration.plan(cluster: lab, previousNames: [], observed: observed, state: .empty, guestVMIDs: [101])
        #expect(migration.rewrites.isEmpty && migration.held == [old: 1])
        #expect(migration.notices.first?.contains("kept untouched") == true)
    }
}
