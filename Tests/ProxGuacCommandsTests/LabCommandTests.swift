import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacLab
import Testing
@testable import ProxGuacCommands

/// Reads files from disk for the config parser, reporting group/other read bits.
private struct DiskFiles: ConfigFileReading {
    func readConfigFile(atPath path: String) throws(ConfigFileReadFailure) -> ConfigFileContents {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        else { throw ConfigFileReadFailure(reason: "cannot read") }
        return ConfigFileContents(text: text, isReadableByOthers: mode & 0o044 != 0)
    }
}

@Suite("proxguac lab")
struct LabCommandTests {
    @Test("--write-config writes a config the parser accepts, secrets in separate 0600 files, none inline")
    func writtenConfigParses() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labcfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/lab.json"

        let written = try LabConfigWriter(lab: lab, scenario: try LabScenario.defaultScenario()).write(to: path)
        #expect(written.count == 3)
        for file in written {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(LabDemoCredentials.proxmoxTokenSecret))
        #expect(!text.contains("\"password\""))

        let parsed = try ConfigParser.parse(text, context: ConfigParseContext(
            fileName: "lab.json", directory: directory, environment: [:], files: DiskFiles()))
        #expect(parsed.warnings.isEmpty)
        #expect(parsed.config.proxmox.url.absoluteString == lab.proxmoxURL)
        #expect(parsed.config.proxmox.auth.secret.secret.value == LabDemoCredentials.proxmoxTokenSecret)
        #expect(parsed.config.guacamole.password.secret.value == LabDemoCredentials.guacamoleAdminPassword)
        #expect(parsed.config.proxmox.tls.caFile == lab.caFile)
        #expect(parsed.config.sync.stateFile.hasPrefix(directory))
    }

    @Test("--write-config puts the state, lock and audit log in their own 0700 directory next to the config, not beside it")
    func stateDirectoryNextToConfig() throws {
        let lab = try Lab.start(try LabScenario.defaultScenario())
        defer { lab.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("labcfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = LabConfigWriter(lab: lab, scenario: try LabScenario.defaultScenario())

        _ = try writer.write(to: directory + "/x.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/x.json")))
        let sync = (json as? [String: Any])?["sync"] as? [String: Any]
        #expect(sync?["stateFile"] as? String == directory + "/x.state/state.json")
        let mode = { try FileManager.default.attributesOfItem(atPath: directory + "/x.state")[.posixPermissions] as? Int }
        #expect(try mode() == 0o700)

        // Writing again (a restarted lab) keeps the directory and tightens it back to 0700.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/x.state")
        _ = try writer.write(to: directory + "/x.json")
        #expect(try mode() == 0o700)
    }

    @Test("--clusters N: the written config lists N named clusters, one URL each, and test-auth logs in to every one")
    func severalClustersConfig() throws {
        var options = LabOptions()
        options.clusters = 2
        let scenario = try LabScenario.defaultScenario()
        let lab = try Lab.start(scenario, options: options)
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: directory.path + "/config.json")
        let text = try String(contentsOfFile: directory.path + "/config.json", encoding: .utf8)
        let parsed = try ConfigParser.parse(text, context: ConfigParseContext(
            fileName: "config.json", directory: directory.path, environment: [:], files: DiskFiles()))
        #expect(parsed.config.clusters.map { $0.name?.text } == ["lab1", "lab2"])
        #expect(parsed.config.clusters.map { $0.url.absoluteString } == lab.clusterURLs)

        let auth = try ProxGuacBinary.run(["test-auth", "--config", directory.path + "/config.json"], in: directory.path)
        #expect(auth.status == 0, "\(auth.stdout) \(auth.stderr)")
        #expect(auth.stdout.contains("proxmox lab1 ") && auth.stdout.contains("proxmox lab2 "), "\(auth.stdout)")
        #expect(throws: (any Error).self) { try LabCommand.parse(["--clusters", "0"]) }
    }

    @Test("bad lab options are refused with one line naming the option")
    func badOptions() {
        #expect(throws: (any Error).self) { try LabCommand.parse(["--proxmox-port", "70000"]) }
        #expect(throws: (any Error).self) { try LabCommand.parse(["--guacamole-version", "2.0"]) }
        #expect(throws: (any Error).self) { try LabCommand.parse(["--generated", "10", "--scenario", "x.json"]) }
        let message = LabCommand.message(for: ValidationError("--proxmox-version must be one of 7.4, 8.0, 8.2, 8.4, 9.1"))
        #expect(!message.contains("\n"))
    }
}
