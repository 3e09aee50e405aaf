import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// `proxguac add-external` and the config's `external` list, synced by `auto`.
@Suite("proxguac add-external and external hosts")
struct ExternalHostCommandTests {
    private let password = "ext-Secret-9d2"

    private func mode(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("add-external writes the entry without the password and creates the connections; edits and removal in the config are synced")
    func lifecycle() throws {
        try CLILab.with { setup in
            let passwordFile = try setup.directory.write("nas.password", password + "\n")
            let result = try setup.run(["add-external", "--name", "backup-nas", "--host", "203.0.113.20", "--protocols", "ssh,rdp",
                                        "--username", "admin", "--password-file", passwordFile])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let text = try String(contentsOfFile: setup.config, encoding: .utf8)
            #expect(!text.contains(password))
            #expect(text.contains("\"passwordFile\""))
            #expect(try mode(of: setup.config) == 0o600)

            let ssh = try #require(setup.connection(marker: "v1:ext:backup-nas:ssh:admin"))
            #expect(ssh.parameters["hostname"] == "203.0.113.20")
            #expect(ssh.parameters["password"] == password)
            #expect(setup.connection(marker: "v1:ext:backup-nas:rdp:admin") != nil)
            let group = setup.lab.guacamoleGroups().first { $0.identifier == ssh.parentIdentifier }
            #expect(group?.name == "backup-nas")
            #expect(setup.lab.guacamoleConnections().count == 3, "nothing else was synced")

            try setup.editConfig { object in
                var hosts = object["external"] as? [[String: Any]] ?? []
                hosts[0]["host"] = "203.0.113.21"
                object["external"] = hosts
            }
            #expect(try setup.run(["auto"]).status == 0)
            #expect(setup.connection(marker: "v1:ext:backup-nas:ssh:admin")?.parameters["hostname"] == "203.0.113.21")

            try setup.editConfig { $0["external"] = [] }
            let removed = try setup.run(["auto"])
            #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
            #expect(setup.connection(marker: "v1:ext:backup-nas:ssh:admin") == nil)
            #expect(setup.connection(marker: "v1:ext:backup-nas:rdp:admin") == nil)
            #expect(setup.lab.guacamoleConnections().contains { $0.name == "Office printer (manual)" })
        }
    }

    @Test("remove-external deletes the entry and its connections; an unknown name is refused with the config unchanged")
    func removeExternal() throws {
        try CLILab.with { setup in
            let passwordFile = try setup.directory.write("nas.password", password)
            #expect(try setup.run(["add-external", "--name", "nas2", "--host", "203.0.113.31", "--protocols", "ssh",
                                   "--username", "root", "--password-file", passwordFile]).status == 0)
            #expect(setup.connection(marker: "v1:ext:nas2:ssh:root") != nil)
            let before = try Data(contentsOf: URL(fileURLWithPath: setup.config))

            let unknown = try setup.run(["remove-external", "--name", "nas3"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("known names are nas2"), "\(unknown.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: setup.config)) == before)

            let removed = try setup.run(["remove-external", "--name", "nas2"])
            #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
            #expect(setup.connection(marker: "v1:ext:nas2:ssh:root") == nil)
            #expect(!(try String(contentsOfFile: setup.config, encoding: .utf8)).contains("nas2"))
            #expect(try mode(of: setup.config) == 0o600)
        }
    }

    @Test("a duplicate name is refused and the config stays byte-identical")
    func duplicateName() throws {
        try CLILab.with { setup in
            let passwordFile = try setup.directory.write("nas.password", password)
            let arguments = ["add-external", "--name", "nas1", "--host", "203.0.113.30", "--protocols", "ssh",
                             "--username", "root", "--password-file", passwordFile]
            #expect(try setup.run(arguments).status == 0)
            let before = try Data(contentsOf: URL(fileURLWithPath: setup.config))
            let again = try setup.run(arguments)
            #expect(again.status == 2)
            #expect(again.stderr.contains("\"nas1\" is already in"), "\(again.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: setup.config)) == before)
        }
    }

    @Test("--password-stdin stores the password encrypted; without a key it is refused and nothing is written")
    func passwordFromStdin() throws {
        try CLILab.with { setup in
            let arguments = ["add-external", "--name", "switch", "--host", "203.0.113.40", "--protocols", "ssh",
                             "--username", "netadmin", "--password-stdin"]
            let before = try Data(contentsOf: URL(fileURLWithPath: setup.config))
            let noKey = try setup.run(arguments, input: password + "\n")
            #expect(noKey.status == 2)
            #expect(noKey.stderr.contains("encryption.keyFile"), "\(noKey.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: setup.config)) == before)

            try setup.useNewKey()
            let result = try setup.run(arguments, input: password + "\n")
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let text = try String(contentsOfFile: setup.config, encoding: .utf8)
            #expect(!text.contains(password))
            #expect(text.contains("\"encryptedPassword\" : \"v1:") || text.contains("\"encryptedPassword\": \"v1:"), "\(text)")
            #expect(setup.connection(marker: "v1:ext:switch:ssh:netadmin")?.parameters["password"] == password)
            #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
        }
    }
}
