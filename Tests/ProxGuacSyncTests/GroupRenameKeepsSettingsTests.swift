import Testing
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// Issue 13: a group proxguac owns that is renamed (the group template's output changed) keeps the type
/// and attributes an admin set on it in the web UI.
@Suite("Group renames keep the group's settings")
struct GroupRenameKeepsSettingsTests {
    @Test("sync.groupName changes: the owned group is renamed in place; its attributes stay")
    func renameKeepsAttributes() async throws {
        let base = try SyncLab.start()
        defer { base.stop() }
        try await base.sync()
        let group = try #require(base.lab.guacamoleGroups().first { $0.name == "web01 (101)" })
        base.lab.setGuacamoleGroupAttributes(identifier: group.identifier, ["max-connections": "4", "enable-session-affinity": "true"])
        var config = base.config
        config.sync.groupName = "{vmname}"
        let renamed = SyncLab(lab: base.lab, config: config, directory: base.directory)
        let (run, report) = try await renamed.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(!run.plan.actions(in: .moveGroups).isEmpty)
        let after = try #require(base.lab.guacamoleGroups().first { $0.identifier == group.identifier })
        #expect(after.name == "web01")
        #expect(after.type == group.type)
        #expect(base.lab.guacamoleGroupAttributes(identifier: group.identifier) == ["max-connections": "4", "enable-session-affinity": "true"])
    }
}
