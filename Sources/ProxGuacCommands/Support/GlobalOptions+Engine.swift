import ProxGuacSync

extension GlobalOptions {
    /// Logging, the config and a sync engine over both servers: how every command that reads or changes
    /// Proxmox and Guacamole starts. The config is `engine.config`.
    /// `command` names the command in the line refusing several clusters (it acts on guests by VM id).
    func syncEngine(command: String) throws -> SyncEngine {
        let logger = try bootstrapLogging(self)
        let config = try loadConfig().config
        _ = try config.syncableCluster(for: command)
        let engine = try SyncEngine(config: config, logger: logger)
        OpenSessions.register(engine.guacamole)  // logged out when the command ends (withErrorReporting)
        return engine
    }
}
