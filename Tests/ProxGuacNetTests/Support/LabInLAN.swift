import Foundation

/// The lab (emulated Proxmox VE + Guacamole on 127.0.0.1) running inside the scanner namespace, with its
/// config written and extended by the test (a `network` section, say).
final class LabInLAN {
    let configPath: String
    let stateDirectory: String
    private let process: Process

    init(binary: ProxGuacBinary, lan: EmulatedLAN, home: String, network: [String: Any]) throws {
        let written = home + "/lab.json"
        process = try binary.start(in: lan.scannerNamespace, ["lab", "--write-config", written], home: home)
        stateDirectory = home + "/lab.state"
        configPath = home + "/config.json"
        let end = ContinuousClock.now + .seconds(60)
        var config: [String: Any]?
        while config == nil, ContinuousClock.now < end {
            if let data = FileManager.default.contents(atPath: written) {
                config = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            }
            if config == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard var config else {
            stop()
            throw LANSetupError(message: "the lab did not write \(written) within 60 s")
        }
        config["network"] = network
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: configPath))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// The state file as JSON (`nil` when none was written).
    var state: [String: Any]? {
        guard let data = FileManager.default.contents(atPath: stateDirectory + "/state.json") else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The audit log's lines.
    var auditLines: [String] {
        (try? String(contentsOfFile: stateDirectory + "/audit.jsonl", encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }
}
