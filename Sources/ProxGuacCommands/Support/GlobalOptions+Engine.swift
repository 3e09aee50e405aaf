import ProxGuacSync

extension GlobalOptions {
    /// Logging, the config and a sync engine over both servers: how every command that reads or changes
    /// Proxmox and Guacamole starts. The config is `engine.config`.
    /// `command` names the command in the line refusing named clusters, unless `namedClusters` (the command
    /// knows `cluster/VMID` selectors).
    func syncEngine(command: String, namedClusters: Bool = false) throws -> SyncEngine {
        let logger = try bootstrapLogging(self)
        let config = try loadConfig().config
        if !namedClusters { _ = try config.syncableCluster(for: command) }
        let engine = try SyncEngine(config: config, logger: logger)
        OpenSessions.register(engine.guacamole)  // logged out when the command ends (withErrorReporting)
        return engine
    }
}
