import Foundation
import ArgumentParser
import ProxGuacCore
import ProxGuacSync
import ProxGuacTUI

/// `proxguac ui` (and `proxguac` with no arguments): the ncurses menus.
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the terminal menus (what `proxguac` with no arguments does).",
        discussion: """
            Needs a terminal of at least 80x24. Without one (cron, systemd, pipes) it exits 2 and names the \
            non-interactive commands instead. NO_COLOR=1 or --color never draws without colours.
            """
    )

    @OptionGroup var globals: GlobalOptions

    @Flag(name: .customLong("demo-data"), help: "Show made-up guests instead of Proxmox VE and Guacamole; nothing real is read or changed.")
    var demoData = false

    @Option(name: .customLong("demo-clusters"), help: ArgumentHelp(
        "Made-up guests in N named clusters (lab1, lab2, …; 2 to \(DemoBackend.maxClusters)) with the same vmids: the several-cluster screens without a server (implies --demo-data).",
        valueName: "N"))
    var demoClusters: Int?

    func validate() throws {
        if let demoClusters, !(2...DemoBackend.maxClusters).contains(demoClusters) {
            throw ValidationError("--demo-clusters \(demoClusters): give 2 to \(DemoBackend.maxClusters) clusters (without it, --demo-data shows one unnamed cluster)")
        }
    }

    func run() async throws {
        try await withErrorReporting {
            guard TerminalUI.isInteractive else {
                TerminalUI.explainNonInteractive()
                throw ExitCode(ExitStatus.usage)
            }
            var badge = "DEMO DATA"
            let backend: any TUIBackend
            if let demoClusters {
                backend = DemoBackend(clusters: demoClusters)
                badge = "DEMO DATA · " + DemoBackend.clusterNames(demoClusters).map(\.text).joined(separator: ", ")
            } else if demoData {
                backend = DemoBackend()
            } else {
                let config = try globals.loadConfig().config
                backend = try liveBackend(config)
                badge = Self.servers(config)
            }
            let colors = globals.color != .never && (globals.color == .always || TerminalUI.colorsWanted)
            let code = await TerminalUI.run(backend: backend, badge: badge, colors: colors)
            if code != ExitStatus.success { throw ExitCode(code) }
        }
    }

    /// The backend over the real sync engine (the same code as `auto`).
    /// "pve 127.0.0.1:8006 → guac 127.0.0.1:8443": which servers the menus work on, for the title bar.
    /// With several clusters: "pve lab1, lab2 → guac 127.0.0.1:8443" (the clusters' names).
    static func servers(_ config: ProxGuacConfig) -> String {
        func host(_ url: URL) -> String { (url.host ?? "?") + (url.port.map { ":\($0)" } ?? "") }
        let proxmox = config.clusters.count > 1
            ? config.clusters.map { $0.name?.text ?? host($0.url) }.joined(separator: ", ")
            : host(config.proxmox.url)
        return "pve \(proxmox) → guac \(host(config.guacamole.url))"
    }

    private func liveBackend(_ config: ProxGuacConfig) throws -> any TUIBackend {
        var logger = try bootstrapLogging(globals)
        // stderr goes into the UI's message log (m) while the menus run, and is written out when they end:
        // warnings by default, everything an explicit --log-level asks for.
        if globals.logLevel == nil { logger.logLevel = .warning }
        let engine = try SyncEngine(config: config, logger: logger)
        OpenSessions.register(engine.guacamole)  // logged out when the menus close
        return LiveTUIBackend(engine: engine, logger: logger)
    }
}
