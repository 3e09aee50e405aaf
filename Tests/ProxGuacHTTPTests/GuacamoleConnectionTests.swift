import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacHTTP

/// Connection and group CRUD against the emulated Guacamole (JDBC rules).
@Suite struct GuacamoleConnectionTests {
    private func sshConnection(_ name: String, parent: String = "ROOT", host: String = "198.51.100.21")
        -> GuacamoleConnection
    {
        GuacamoleConnection(
            name: name, parentIdentifier: parent, protocol: "ssh",
            parameters: ["hostname": host, "port": "22", "username": "deploy", "password": "Tr1cky;=+&%41"],
            attributes: ["max-connections": nil])
    }

    @Test func aConnectionIsCreatedReadUpdatedAndDeleted() async throws {
        let fixture = try LabFixture()
        let guacamole = try fixture.guacamole()
        let created = try await guacamole.createConnection(sshConnection("web01-deploy-ssh"))
        let id = try #require(created.identifier)

        let stored = try #require(fixture.lab.guacamoleConnections().first { $0.identifier == id })
        #expect(stored.name == "web01-deploy-ssh")
        #expect(stored.parameters["password"] == "Tr1cky;=+&%41")
        #expect(try await guacamole.connections()[id]?.name == "web01-deploy-ssh")
        let fetched = try await guacamole.connection(id)
        #expect(fetched.protocol == "ssh")
        #expect(fetched.parameters == nil, "GET never includes parameters")
        #expect(try await guacamole.connectionParameters(id)["hostname"] == "198.51.100.21")

        try await guacamole.updateConnection(id, to: sshConnection("web01-deploy-ssh", host: "198.51.100.22"))
        #expect(fixture.lab.guacamoleConnections().first { $0.identifier == id }?.parameters["hostname"] == "198.51.100.22")

        try await guacamole.deleteConnection(id)
        #expect(!fixture.lab.guacamoleConnections().contains { $0.identifier == id })
        let error = await #expect(throws: GuacamoleError.self) { _ = try await guacamole.connection(id) }
        guard case .notFound = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
    }

    @Test func aDuplicateNameIsABadRequestWithTheServersMessage() async throws {
        let fixture = try LabFixture()
        let guacamole = try fixture.guacamole()
        _ = try await guacamole.createConnection(sshConnection("twin"))
        let error = await #expect(throws: GuacamoleError.self) { _ = try await guacamole.createConnection(sshConnection("twin")) }
        guard case .badRequest(_, let message) = error else {
            Issue.record("expected badRequest, got \(String(describing: error))")
            return
        }
        #expect(message == "The connection \"twin\" already exists.")
    }

    @Test func groupsNestConnectionsInTheTreeAndDeleteCascades() async throws {
        let fixture = try LabFixture()
        let guacamole = try fixture.guacamole()
        let group = try await guacamole.createConnectionGroup(GuacamoleConnectionGroup(name: "Proxmox"))
        let groupID = try #require(group.identifier)
        let inside = try await guacamole.createConnection(sshConnection("inside", parent: groupID))

        let tree = try await guacamole.connectionGroupTree()
        let branch = try #require(tree.childConnectionGroups?.first { $0.identifier == groupID })
        #expect(branch.childConnections?.map(\.identifier) == [inside.identifier])
        #expect(tree.allConnections.contains { $0.identifier == inside.identifier })
        #expect(try await guacamole.connectionGroups()[groupID]?.name == "Proxmox")

        try await guacamole.updateConnectionGroup(groupID, to: GuacamoleConnectionGroup(name: "Proxmox VE"))
        #expect(fixture.lab.guacamoleGroups().first { $0.identifier == groupID }?.name == "Proxmox VE")

        try await guacamole.deleteConnectionGroup(groupID)
        #expect(fixture.lab.guacamoleGroups().isEmpty)
        #expect(!fixture.lab.guacamoleConnections().contains { $0.identifier == inside.identifier })
    }
}
