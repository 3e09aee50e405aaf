import Foundation
import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// `sync.grant.groups` end to end: READ for a Guacamole user group on what the sync creates.
@Suite("sync.grant.groups against the lab")
struct SyncGrantTests {
    /// The default lab with `sync.grant.groups` set.
    private func start(grantGroups: [String]) throws -> SyncLab {
        let base = try SyncLab.start()
        var config = base.config
        config.sync.grant = GrantSettings(groups: grantGroups)
        return SyncLab(lab: base.lab, config: config, directory: base.directory)
    }

    /// Identifiers of the managed root group and every group below it.
    private func managedGroups(_ lab: SyncLab) -> Set<String> {
        let groups = lab.lab.guacamoleGroups()
        var managed = Set(groups.filter { $0.parentIdentifier == "ROOT" && $0.name == lab.config.sync.rootGroup }.map(\.identifier))
        while true {
            let next = managed.union(groups.filter { managed.contains($0.parentIdentifier) }.map(\.identifier))
            if next == managed { return managed }
            managed = next
        }
    }

    @Test("Every connection and group the sync creates gets READ for the configured user group")
    func grantsReachTheGroup() async throws {
        let lab = try start(grantGroups: [LabDemoCredentials.guacamoleUserGroup])
        defer { lab.stop() }
        let (run, report) = try await lab.sync()

        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(!run.plan.actions(in: .grants).isEmpty)
        let grants = try #require(lab.lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup))
        let connections = lab.managedConnections().values.map(\.identifier)
        #expect(!connections.isEmpty)
        #expect(Set(grants.connections.keys) == Set(connections))
        #expect(grants.connections.values.allSatisfy { $0 == ["READ"] })
        let groups = managedGroups(lab)
        #expect(!groups.isEmpty)
        #expect(Set(grants.connectionGroups.keys) == groups)
        // The hand-made ROOT connection is not proxguac's to share.
        #expect(grants.connections["1"] == nil)
    }

    @Test("An unknown group fails each grant with a line naming it and sync.grant.groups; the run goes on")
    func unknownGroupFailsPerItem() async throws {
        let lab = try start(grantGroups: ["no-such-team", LabDemoCredentials.guacamoleUserGroup])
        defer { lab.stop() }
        let (run, report) = try await lab.sync()

        let grantActions = run.plan.actions(in: .grants)
        #expect(!grantActions.isEmpty)
        #expect(report.failures.count == grantActions.count)
        #expect(report.failures.allSatisfy { $0.action.phase == .grants })
        #expect(report.failures.allSatisfy { $0.message.contains("\"no-such-team\"") && $0.message.contains("sync.grant.groups") })
        #expect(report.failures.allSatisfy { !$0.message.contains("\n") })
        // Everything else was applied, the known group included.
        #expect(lab.managedConnections().count == run.plan.actions(in: .createConnections).count)
        let grants = try #require(lab.lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup))
        #expect(Set(grants.connections.keys) == Set(lab.managedConnections().values.map(\.identifier)))
    }

    @Test("Grants are reconciled on every run: existing connections and groups get READ, hand-added grants stay")
    func existingObjectsGetREADOnALaterRun() async throws {
        let plain = try SyncLab.start()
        defer { plain.stop() }
        _ = try await plain.sync()
        let group = LabDemoCredentials.guacamoleUserGroup
        // An admin's own grant on the hand-made ROOT connection.
        try await plain.engine().guacamole.grantRead(toUserGroup: group, connections: ["1"])

        var config = plain.config
        config.sync.grant = GrantSettings(groups: [group])
        let lab = SyncLab(lab: plain.lab, config: config, directory: plain.directory)
        let (run, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(run.plan.actions(in: .createConnections).isEmpty, "nothing new: only the grants")
        #expect(run.plan.actions(in: .grants).allSatisfy { $0.reason.contains("READ missing") })
        let grants = try #require(lab.lab.guacamoleUserGroupGrants(group))
        #expect(Set(grants.connections.keys) == Set(lab.managedConnections().values.map(\.identifier)).union(["1"]))
        #expect(Set(grants.connectionGroups.keys) == managedGroups(lab))

        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.renderText())")
        #expect(lab.lab.guacamoleUserGroupGrants(group)?.connections["1"] == ["READ"], "a hand-added grant is never removed")
    }

    @Test("sync.grant.permissions: every listed permission is granted and reconciled; the next run plans nothing")
    func configuredPermissions() async throws {
        let base = try SyncLab.start()
        defer { base.stop() }
        var config = base.config
        config.sync.grant = GrantSettings(groups: [LabDemoCredentials.guacamoleUserGroup], permissions: ["READ", "UPDATE"])
        let lab = SyncLab(lab: base.lab, config: config, directory: base.directory)
        let (_, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        let grants = try #require(lab.lab.guacamoleUserGroupGrants(LabDemoCredentials.guacamoleUserGroup))
        #expect(!grants.connections.isEmpty)
        #expect(grants.connections.values.allSatisfy { Set($0) == ["READ", "UPDATE"] }, "\(grants.connections)")
        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.renderText())")
    }
}
