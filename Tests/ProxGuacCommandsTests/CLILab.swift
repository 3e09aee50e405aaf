import Foundation
import Testing
@testable import ProxGuacCommands
import ProxGuacLab

/// A lab (default scenario), a temp directory and a config for it (`config.json`, state in
/// `config.state/state.json`), for tests that run the built binary.
struct CLILab {
    let lab: Lab
    let directory: CLITemporaryDirectory
    let config: String

    static func with(options: LabOptions = LabOptions(), _ body: (CLILab) throws -> Void) throws {
        let scenario = try LabScenario.defaultScenario()
        let lab = try Lab.start(scenario, options: options)
        defer { lab.stop() }
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let config = directory.path + "/config.json"
        _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: config)
        try body(CLILab(lab: lab, directory: directory, config: config))
    }

    /// Runs proxguac with `--config` in the temp directory.
    func run(_ arguments: [String], input: String? = nil) throws -> ProxGuacBinary.Result {
        try ProxGuacBinary.run(arguments + ["--config", config], in: directory.path, input: input)
    }

    /// Changes the config file as a JSON object (written back with mode 0600).
    func editConfig(_ change: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as? [String: Any] ?? [:]
        change(&object)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try directory.write("config.json", String(decoding: data, as: UTF8.self))
    }

    /// Sets `encryption` to a fresh key made by `proxguac keygen` (plus `extra` keys); returns the key path.
    @discardableResult
    func useNewKey(extra: [String: Any] = [:]) throws -> String {
        let key = directory.path + "/test.key"
        let made = try ProxGuacBinary.run(["keygen", "--output", key], in: directory.path)
        #expect(made.status == 0, "\(made.stderr)")
        try editConfig { $0["encryption"] = extra.merging(["keyFile": key]) { _, new in new } }
        return key
    }

    /// Managed marker of each Guacamole connection, by identifier (nil for unmanaged ones).
    func markers() -> [String: String?] {
        Dictionary(uniqueKeysWithValues: lab.guacamoleConnections().map { ($0.identifier, $0.parameters["proxguac-id"]) })
    }

    func connection(marker: String) -> LabGuacConnection? {
        lab.guacamoleConnections().first { $0.parameters["proxguac-id"] == marker }
    }

    var stateText: String {
        (try? String(contentsOfFile: directory.path + "/config.state/state.json", encoding: .utf8)) ?? ""
    }
}
