import Testing
import ProxGuacCore
import ProxGuacHTTP
import ProxGuacLab
import ProxGuacSync

/// Attributes set by `sync.defaults` follow the config against the lab (issue #15): an edit in the web UI is
/// reported as "config wins" and overwritten; attributes the config does not set keep their values.
@Suite("sync.defaults attributes against the lab")
struct ManagedAttributesTests {
    @Test("an edited managed attribute is restored, an unmanaged one survives every update")
    func configWins() async throws {
        let lab = try Self.labWithManagedMaxConnections()
        defer { lab.stop() }
        _ = try await lab.sync()
        let dba = try #require(lab.managedConnections()["dba@db01-ssh"])
        #expect(dba.attributes["max-connections"] == "3")

        // In the web UI: max-connections changed and weight added (the PUT sends everything, as the UI does).
        let client = try lab.engine().guacamole
        var edited = try await client.connection(dba.identifier)
        edited.parameters = try await client.connectionParameters(dba.identifier)
        edited.attributes["max-connections"] = "10"
        edited.attributes["weight"] = "5"
        try await client.updateConnection(dba.identifier, to: edited)

        let (run, report) = try await lab.sync()
        #expect(report.failures.isEmpty, "\(report.failures)")
        let row = try #require(run.plan.rows.first { $0.guacIdentifier == dba.identifier })
        #expect(row.reason.contains("attribute max-connections changed in Guacamole: config wins"), "\(row.reason)")
        let after = try #require(lab.managedConnections()["dba@db01-ssh"])
        #expect(after.attributes["max-connections"] == "3", "the config's value is back")
        #expect(after.attributes["weight"] == "5", "an attribute the config does not set is kept")
        #expect(after.parameters == dba.parameters)

        let again = try await lab.engine().plan(resolution: .report)
        #expect(again.plan.isEmpty, "\(again.plan.renderText())")
    }
    @Test("--pull writes only the notes: attributes edited in the web UI, managed or not, are never pulled nor written")
    func pullNeverTouchesAttributes() async throws {
        let lab = try Self.labWithManagedMaxConnections()
        defer { lab.stop() }
        _ = try await lab.sync()
        let web = try #require(lab.managedConnections()["web01/ssh"])

        // In the web UI: the port changed (drift) and two attributes edited, one the config manages.
        var edited = web.parameters
        edited["port"] = "2202"
        lab.lab.editConnection(identifier: web.identifier, parameters: edited)
        lab.lab.setGuacamoleAttributes(identifier: web.identifier, ["max-connections": "10", "weight": "5"])
        let notesBefore = try #require(lab.lab.notes(vmid: 101))

        let (run, report) = try await lab.sync(.pull)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(run.plan.actions(in: .pullIntoNotes).count == 1)
        let notes = try #require(lab.lab.notes(vmid: 101))
        #expect(notes != notesBefore && notes.contains("2202"), "the port is pulled into the notes: \(notes)")
        #expect(!notes.contains("max-connections") && !notes.contains("weight"), "no attribute reaches the notes: \(notes)")
        let after = try #require(lab.lab.guacamoleConnections().first { $0.identifier == web.identifier })
        #expect(after.attributes["weight"] == "5", "an unmanaged attribute survives --pull")
        #expect(after.attributes["max-connections"] == "10", "--pull writes no attribute, not even a managed one")
        #expect(after.parameters["port"] == "2202", "--pull never writes Guacamole's parameters back")
        lab.assertUnmanagedUntouched(after: "--pull with attributes edited by hand")
    }

    /// A lab whose config manages one attribute of SSH connections (`max-connections` = 3).
    private static func labWithManagedMaxConnections() throws -> SyncLab {
        let defaults = ConnectionDefaults(preset: nil, explicit: [
            .ssh: ConnectionDefaults.Values(attributes: [(name: "max-connections", value: try NameTemplate("3"))]),
        ])
        let base = try SyncLab.start()
        var config = base.config
        config.sync.defaults = defaults
        return SyncLab(lab: base.lab, config: config, directory: base.directory)
    }
}
