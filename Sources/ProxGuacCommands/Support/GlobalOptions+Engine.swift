import ProxGuacSync

extension GlobalOptions {
    /// Logging, the config and a sync engine over both servers: how every command that reads or changes
    /// Proxmox and Guacamole starts. The config is `engine.config`.
    func syncEngine() throws -> SyncEngine {
        let logger = try bootstrapLogging(self)
        let engine = try SyncEngine(config: loadConfig().config, logger: logger)
        OpenSessions.register(engine.guacamole)  // logged out when the command ends (withErrorReporting)
        return engine
    }
}
