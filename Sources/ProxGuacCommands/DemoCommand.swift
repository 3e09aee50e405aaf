import ArgumentParser
import Foundation
import ProxGuacCore
import ProxGuacLab
import ProxGuacSync

/// `proxguac demo`: the whole sync against the built-in lab, in one command, touching nothing real.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run one sync against an emulated Proxmox VE + Guacamole on 127.0.0.1 and show what it did.",
        discussion: """
        Starts the lab (the default scenario) on free loopback ports, writes a temporary config (mode 0600, \
        secrets in their own 0600 files), runs the same code as `proxguac auto` once, prints the plan and \
        what was created, checks that the unmanaged connection at ROOT was left alone, and stops the lab. \
        Nothing leaves 127.0.0.1. Use `proxguac lab --write-config FILE` to keep a lab running.
        """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .long, help: "Keep the temporary directory (config, state, audit log) and print its path.")
    var keepFiles = false

    func run() async throws {
        try await withErrorReportingLoggingOutOnTermination {
            let logger = try bootstrapLogging(globals)
            let scenario = try LabScenario.defaultScenario()
            let lab = try Lab.start(scenario, options: LabOptions())
            defer { lab.stop() }
            let directory = try DemoFiles.makeDirectory()
            defer { if !keepFiles { try? FileManager.default.removeItem(atPath: directory) } }

            let configPath = directory + "/config.json"
            _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: configPath)
            let config = try ConfigLoader().load(explicitPath: configPath).config
            SecretRedactor.shared.register(config.allSecrets)

            let rootGroup = config.sync.rootGroup
            let unmanagedBefore = DemoFiles.unmanaged(lab, rootGroup: rootGroup)
            print("Lab started: Proxmox VE \(lab.proxmoxURL), Guacamole \(lab.guacamoleURL)")
            print("")
            let engine = try SyncEngine(config: config, logger: logger)
            OpenSessions.register(engine.guacamole)
            let outcome = try await SyncRunner().run(engine)

            print("")
            let created = outcome.report?.createdConnections ?? [:]
            print("Created \(created.count) connections under \"\(rootGroup)\":")
            for row in outcome.run.plan.rows where created[row.identity] != nil {
                print("  + \(row.path.appending(row.name))  [\(row.identity)]")
            }
            let unmanagedAfter = DemoFiles.unmanaged(lab, rootGroup: rootGroup)
            let untouched = unmanagedBefore == unmanagedAfter
            print("")
            print("Unmanaged connections outside \"\(rootGroup)\": \(unmanagedBefore.count), " +
                  (untouched ? "untouched (ok)" : "CHANGED (this is a bug)"))
            print("Guacamole (lab): \(lab.guacamoleURL)  user \(LabDemoCredentials.guacamoleAdmin)")
            print("Proxmox VE (lab): \(lab.proxmoxURL)")
            if keepFiles { print("Files kept in \(directory)") }
            print("Lab stopped; run `proxguac lab --write-config FILE` to keep one running.")
            guard untouched else { throw CommandFailure("the demo changed a connection outside \"\(rootGroup)\"") }
            if outcome.exitCode != ExitStatus.success { throw ExitCode(outcome.exitCode) }
        }
    }
}

/// Temporary files and lab checks for `demo`.
enum DemoFiles {
    /// A fresh 0700 directory under the temporary directory.
    static func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "/proxguac-demo-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create a temporary directory (\(error.localizedDescription)); set TMPDIR to a writable directory")
        }
        return path
    }

    /// Connections in the lab's Guacamole that are outside the managed root group.
    static func unmanaged(_ lab: Lab, rootGroup: String) -> [LabGuacConnection] {
        let groups = lab.guacamoleGroups()
        var managed = Set(groups.filter { $0.parentIdentifier == "ROOT" && $0.name == rootGroup }.map(\.identifier))
        var grew = true
        while grew {
            let next = managed.union(groups.filter { managed.contains($0.parentIdentifier) }.map(\.identifier))
            grew = next.count > managed.count
            managed = next
        }
        return lab.guacamoleConnections().filter { !managed.contains($0.parentIdentifier) }.sorted { $0.identifier < $1.identifier }
    }
}
