import ProxGuacCore
import ProxGuacNet

extension SyncEngine {
    /// This host's addresses, refused as connection targets by the default `network.allowedTargets` rule
    /// (guacd often runs here). Empty when the config lists allowed targets itself, or when they cannot be read.
    func ownAddresses() async -> Set<IPAddress> {
        guard config.network.allowedTargets == nil else { return [] }
        let local = (try? await LocalNetwork().ipv4Addresses()) ?? []
        return Set(local.map { IPAddress.v4($0.address) })
    }
}
