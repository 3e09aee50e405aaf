import Foundation
import ProxGuacLab

/// How the benchmarked proxguac trusts the lab's certificate (`--tls-modes` runs one series per mode).
enum BenchTLSMode: String, CaseIterable, Codable {
    /// `tls.caFile`: the lab's certificate file (the default series).
    case caFile = "caFile"
    /// `tls.fingerprint`: the lab certificate's SHA-256 pinned.
    case fingerprint = "fingerprint"
    /// No `tls` settings: the system CA store, with `SSL_CERT_FILE` pointing at the system bundle plus the lab's CA.
    case systemStore = "system store"
    /// `tls.verify: false`.
    case insecure = "verify: false"
    /// `tls.caFile` with both URLs naming a host from /etc/hosts instead of 127.0.0.1: name lookups included.
    case caFileByName = "caFile, host name"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The system bundle the system-store mode extends with the lab's CA.
    static var systemBundle: String {
        ProcessInfo.processInfo.environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/ssl/certs/ca-certificates.crt"
    }

    /// A name /etc/hosts gives 127.0.0.1, other than `localhost` (which libcurl answers itself, without a lookup).
    static func loopbackHostName(hostsFile: String = "/etc/hosts") -> String? {
        let text = (try? String(contentsOfFile: hostsFile, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.first == "127.0.0.1" else { continue }
            if let name = fields.dropFirst().first(where: { !$0.lowercased().hasPrefix("localhost") && $0.contains(where: \.isLetter) }) {
                return String(name)
            }
        }
        return nil
    }

    /// Rewrites the `tls` sections (and, by name, the URLs) of the lab config at `path` for this mode and returns
    /// the environment proxguac runs with.
    func prepare(config path: String, lab: Lab, directory: String, hostName: String?) throws -> [String: String] {
        var environment: [String: String] = [:]
        let tls: [String: Any]
        switch self {
        case .caFile, .caFileByName: tls = ["caFile": lab.caFile]
        case .fingerprint: tls = ["fingerprint": lab.fingerprint]
        case .insecure: tls = ["verify": false]
        case .systemStore:
            tls = [:]
            let bundle = directory + "/system-plus-lab.pem"
            let system = try String(contentsOfFile: Self.systemBundle, encoding: .utf8)
            let lab = try String(contentsOfFile: lab.caFile, encoding: .utf8)
            try (system + "\n" + lab).write(toFile: bundle, atomically: true, encoding: .utf8)
            environment["SSL_CERT_FILE"] = bundle
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard var config = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "the lab config at \(path) is not a JSON object")
        }
        func rewritten(_ section: [String: Any]) -> [String: Any] {
            var section = section
            section["tls"] = tls
            if self == .caFileByName, let hostName, let url = section["url"] as? String {
                section["url"] = url.replacingOccurrences(of: "//127.0.0.1:", with: "//\(hostName):")
            }
            return section
        }
        // `proxmox` is one object, or a list of named clusters (`--clusters`).
        if let clusters = config["proxmox"] as? [[String: Any]] {
            config["proxmox"] = clusters.map(rewritten)
        } else {
            config["proxmox"] = rewritten(config["proxmox"] as? [String: Any] ?? [:])
        }
        config["guacamole"] = rewritten(config["guacamole"] as? [String: Any] ?? [:])
        let written = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try written.write(to: URL(fileURLWithPath: path))
        return environment
    }
}
