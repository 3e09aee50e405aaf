import ProxGuacCore

extension SyncEngine {
    /// This host's addresses, refused as connection targets by the default `network.allowedTargets` rule
    /// (guacd often runs here). Empty when the config lists allowed targets itself.
    func ownAddresses() -> Set<IPAddress> {
        config.network.allowedTargets == nil ? OwnAddresses.all() : []
    }
}
