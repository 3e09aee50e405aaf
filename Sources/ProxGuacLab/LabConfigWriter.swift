import Foundation
import Glibc

/// Writes a proxguac config for a running lab; secrets go to their own 0600 files, the sync state
/// (state file, lock, audit log) to its own 0700 directory next to the config (`/tmp/lab.json` ->
/// `/tmp/lab.state/`), so the config's directory (often `/tmp`) never fills with `lock` or `audit.jsonl`.
/// (`proxguac lab --write-config`, `demo`, the benchmark and the command tests use it.)
public struct LabConfigWriter: Sendable {
    public let lab: Lab
    public let scenario: LabScenario

    public init(lab: Lab, scenario: LabScenario) {
        self.lab = lab
        self.scenario = scenario
    }

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "cannot write '\(path)'; choose a writable path for --write-config" }
    }

    /// Returns the paths written. `sync` members are added to the config's `sync` section
    /// (e.g. `["concurrency": 1]`).
    public func write(to path: String, sync extraSync: [String: Any] = [:]) throws -> [String] {
        guard let token = scenario.proxmox.tokens.first(where: { $0.tokenid.hasSuffix("!sync") }) ?? scenario.proxmox.tokens.first,
              let admin = scenario.guacamole.users.first(where: \.admin)
        else { throw LabError.scenarioInvalid("the scenario needs a PVE token and a Guacamole admin user for --write-config") }
        let base = URL(fileURLWithPath: path).deletingPathExtension().path
        let tokenFile = base + ".pve-token-secret"
        let passwordFile = base + ".guacamole-password"
        let stateDirectory = base + ".state"
        var tls: [String: String] = [:]
        if !lab.caFile.isEmpty { tls["caFile"] = lab.caFile }
        // Keep the lab's sync state apart from a real installation's.
        let sync = extraSync.merging(["stateFile": stateDirectory + "/state.json"]) { _, new in new }
        let cluster: [String: Any] = ["url": lab.proxmoxURL, "tokenId": token.tokenid, "tokenSecretFile": tokenFile, "tls": tls]
        // Several clusters: the list form, named lab1, lab2, … (they share the scenario's token).
        let proxmox: Any = lab.clusterURLs.count == 1 ? cluster : lab.clusterURLs.enumerated().map { index, url in
            cluster.merging(["name": Self.clusterName(index), "url": url]) { _, new in new }
        }
        let config: [String: Any] = [
            "proxmox": proxmox,
            "guacamole": ["url": lab.guacamoleURL, "username": admin.username, "passwordFile": passwordFile,
                          "dataSource": scenario.guacamole.dataSource ?? "postgresql", "tls": tls],
            "sync": sync,
        ]
        let json = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try makePrivateDirectory(stateDirectory)
        try writePrivate(token.secret + "\n", to: tokenFile)
        try writePrivate(admin.password + "\n", to: passwordFile)
        try writePrivate(String(decoding: json, as: UTF8.self) + "\n", to: path)
        return [path, tokenFile, passwordFile]
    }

    /// The name the written config gives the lab's cluster `index` when it runs several: `lab1`, `lab2`, …
    public static func clusterName(_ index: Int) -> String { "lab\(index + 1)" }

    /// Creates `path` with mode 0700 (or tightens an existing directory to 0700).
    private func makePrivateDirectory(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR, chmod(path, 0o700) == 0 else { throw Failure(path: path) }
        } else if mkdir(path, 0o700) != 0 || chmod(path, 0o700) != 0 {
            throw Failure(path: path)
        }
    }

    private func writePrivate(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure(path: path) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw Failure(path: path) }
    }
}
