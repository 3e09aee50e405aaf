import Foundation
import Logging
import ProxGuacCore
import ProxGuacLab
import Synchronization
@testable import ProxGuacHTTP

/// Credentials of the default lab scenario (`assets/lab-default.json`).
enum LabCredentials {
    static let tokenID = "proxguac@pve!sync"
    static let tokenSecret = "6f1c9a3e-2b7d-4c58-9e41-0d8a7b3c5f21"
    static let readonlyTokenID = "proxguac@pve!readonly"
    static let readonlyTokenSecret = "0b5e7d2a-9c41-4f36-8a1d-3e6f2c9b7a45"
    static let rootUser = "root@pam"
    static let rootPassword = "proxguac-lab-root"
    static let guacamoleAdmin = "guacadmin"
    static let guacamoleAdminPassword = "guacadmin"
    static let guacamoleViewer = "viewer"
    static let guacamoleViewerPassword = "viewer-pass"

    static func token(_ id: String = tokenID, secret: String = tokenSecret) -> ProxmoxAuth {
        guard let tokenID = ProxmoxTokenID(id) else { preconditionFailure("bad test token id \(id)") }
        return .apiToken(tokenID, secret: ConfiguredSecret(Secret(secret), origin: .inline(keyPath: "test")))
    }

    static func password(_ user: String = rootUser, _ password: String = rootPassword) -> ProxmoxAuth {
        .ticket(username: user, password: ConfiguredSecret(Secret(password), origin: .inline(keyPath: "test")))
    }
}

/// A running lab plus a transport whose log lines are captured at `.trace`.
final class LabFixture: Sendable {
    let lab: Lab
    let logs = CapturedLogs()
    let transport: HTTPTransport

    init(_ options: LabOptions = LabOptions(), maxConnectionsPerHost: Int = 8) throws {
        lab = try Lab.start(LabScenario.defaultScenario(), options: options)
        transport = HTTPTransport(maxConnectionsPerHost: maxConnectionsPerHost, logger: logs.logger)
    }

    deinit { lab.stop() }

    var trusted: TLSOptions { TLSOptions(caFile: lab.caFile) }

    func proxmox(_ auth: ProxmoxAuth = LabCredentials.token(), ticketRenewal: Duration = .seconds(3600)) throws
        -> ProxmoxClient
    {
        try ProxmoxClient(
            baseURL: lab.proxmoxURL, auth: auth, tls: trusted, transport: transport, logger: logs.logger,
            ticketRenewal: ticketRenewal)
    }

    func guacamole(
        _ user: String = LabCredentials.guacamoleAdmin, _ password: String = LabCredentials.guacamoleAdminPassword,
        dataSource: String? = nil
    ) throws -> GuacamoleClient {
        try GuacamoleClient(
            baseURL: lab.guacamoleURL, username: user, password: Secret(password), dataSource: dataSource,
            tls: trusted, transport: transport, logger: logs.logger)
    }

    /// Requests the lab served for this `METHOD /route/template` (0 when none).
    func served(_ route: String) -> Int {
        lab.requestCounts()[route] ?? 0
    }

    var totalServed: Int {
        lab.requestCounts().values.reduce(0, +)
    }
}

/// An in-memory `LogHandler` (no `LoggingSystem.bootstrap`): every entry with its metadata as text.
final class CapturedLogs: Sendable {
    private let entries = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "proxguac.test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    var lines: [String] { entries.withLock { $0 } }

    fileprivate func append(_ line: String) {
        entries.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(fields)")
        }
    }
}
