import Foundation
@testable import ProxGuacCommands
import ProxGuacCore
import ProxGuacCrypto
import ProxGuacLab
import ProxGuacSync

/// Runs `body` with the menus' live backend over a fresh default lab (own temp dir, free ports).
/// - Parameters:
///   - options: lab options, e.g. latency to keep work running long enough to cancel it.
///   - withKey: also configure a fresh encryption key (`encryption.keyFile`).
func withLiveTUIBackend(
    options: LabOptions = LabOptions(), withKey: Bool = false, configure: (inout ProxGuacConfig) -> Void = { _ in },
    body: (Lab, LiveTUIBackend) async throws -> Void
) async throws {
    let scenario = try LabScenario.defaultScenario()
    let lab = try Lab.start(scenario, options: options)
    defer { lab.stop() }
    let directory = try CLITemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path + "/config.json"
    _ = try LabConfigWriter(lab: lab, scenario: scenario).write(to: path)
    var config = try ConfigLoader().load(explicitPath: path).config
    if withKey {
        let keyFile = directory.path + "/encryption.key"
        try EncryptionKey.generate().writeFile(keyFile, overwrite: false)
        config.encryption.keyFile = keyFile
        config.encryption.keyOrigin = .file(path: keyFile)  // as the config loader records it
    }
    configure(&config)
    let engine = try SyncEngine(config: config, logger: .init(label: "proxguac.test"), environment: [:])
    try await body(lab, LiveTUIBackend(engine: engine))
}
