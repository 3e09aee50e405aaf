/// Which key seals a cluster's values, and which older cluster bindings its guests still accept
/// (docs/encryption.md, "Several clusters").
extension ProxGuacConfig {
    /// The `encryption` section as `cluster` uses it: its own key (`proxmox[i].encryptionKeyFile` or
    /// `PROXGUAC_ENCRYPTION_KEY_<NAME>`) seals new values when set, and the global key and `previousKeyFiles` still open
    /// older ones; without its own key, the global section as it is.
    public func encryption(for cluster: ClusterName?) -> EncryptionConfig {
        guard let settings = clusters.first(where: { $0.name == cluster }), let origin = settings.encryptionKeyOrigin else {
            return encryption
        }
        var result = encryption
        result.clusterKeyFile = settings.encryptionKeyFile
        if case .environment(let variable) = origin { result.clusterKeyVariable = variable }
        result.keyOrigin = origin
        return result
    }

    /// The cluster bindings, other than its own name, that values in `cluster`'s guests' notes may carry:
    /// - its `previousNames` (a rename: the values were bound to the old name);
    /// - no cluster (values written while the cluster was unnamed) for the cluster that was the unnamed one: the only
    ///   configured cluster, or the one the state recorded when the naming migration ran (`unnamedBecame`).
    /// The unnamed cluster accepts nothing else. A value bound to a name no cluster lists is refused everywhere.
    public func formerBindings(of cluster: ClusterName?, unnamedBecame: ClusterName?) -> [ClusterName?] {
        guard let cluster, let settings = clusters.first(where: { $0.name == cluster }) else { return [] }
        var result: [ClusterName?] = settings.previousNames.map { $0 }
        let ownNames = [cluster] + settings.previousNames
        if let unnamedBecame {
            if ownNames.contains(unnamedBecame) { result.append(nil) }
        } else if clusters.count == 1 {
            result.append(nil)
        }
        return result
    }
}
