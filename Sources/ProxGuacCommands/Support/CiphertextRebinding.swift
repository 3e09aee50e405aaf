import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// How `encrypt-notes` and `rekey` turn a guest's encrypted values into `v2` values bound to the guest's cluster (when
/// named), vmid and the entry's user. Only values that belong where they are get bound: a `v2` value bound here (or to
/// this cluster's former name, see ``ProxGuacConfig/formerBindings(of:unnamedBecame:)``), or a `v1` / legacy value the
/// state last saw here (or never saw: first sight after the upgrade). A copied value is refused (the guest fails,
/// nothing of it is written) unless an admin named this guest with `--accept-copied`.
struct CiphertextRebinding: Sendable {
    /// The key ring of each configured cluster (its own key, else the global one).
    let ciphers: [ClusterName?: PasswordCipher]
    /// From the state file (`sync.stateFile`).
    let sightings: CiphertextSightings
    /// Each cluster's older bindings.
    let formerClusters: [ClusterName?: [ClusterName?]]
    /// Every cluster binding a value may carry (configured names, previous names, none): where an accepted copy may come from.
    let everyCluster: [ClusterName?]
    /// Guests whose copied values the admin accepts (`rekey --vmid N --accept-copied`).
    var acceptCopiedIn: Set<GuestKey> = []

    /// The rings of every configured cluster; `newKey` (`rekey --new-key`) seals for all of them.
    init(config: ProxGuacConfig, sightings: CiphertextSightings, newKey: EncryptionKey? = nil) throws(CryptoError) {
        var ciphers: [ClusterName?: PasswordCipher] = [:]
        var former: [ClusterName?: [ClusterName?]] = [:]
        for cluster in config.clusters {
            let loaded = try PasswordCipher.load(config.encryption(for: cluster.name))
            ciphers[cluster.name] = newKey.map { loaded.rotated(to: $0) } ?? loaded
            former[cluster.name] = config.formerBindings(of: cluster.name, unnamedBecame: sightings.unnamedBecame)
        }
        self.ciphers = ciphers
        self.sightings = sightings
        formerClusters = former
        let names: [ClusterName] = config.clusters.flatMap { cluster in (cluster.name.map { [$0] } ?? []) + cluster.previousNames }
        everyCluster = [nil] + names.map { $0 }
    }

    /// The ring that seals `guest`'s values.
    func cipher(for guest: GuestKey) throws(CryptoError) -> PasswordCipher {
        guard let cipher = ciphers[guest.cluster] else { throw .noKeyConfigured }
        return cipher
    }

    /// `value` bound to (`guest`, `user`) under the guest's cluster's current key (unchanged when it already is).
    func rebind(_ value: String, guest: GuestKey, user: String) throws(CryptoError) -> String {
        let place = CredentialPlace(cluster: guest.cluster, vmid: guest.vmid, user: user)
        let cipher = try cipher(for: guest)
        let accepted = acceptCopiedIn.contains(guest)
        let former = (formerClusters[guest.cluster] ?? []).map { $0?.text }
        let anyCluster = accepted ? everyCluster.map { $0?.text } : former
        if let bound = PasswordCipher.boundVMID(of: value) {
            guard bound != guest.vmid else { return try cipher.rebind(value, to: place.binding, formerClusters: anyCluster) }
            guard accepted else { throw .encryptedForAnotherGuest(boundVMID: bound, here: guest.vmid, cluster: guest.cluster?.text) }
            let source = CiphertextBinding(vmid: bound, user: user, cluster: guest.cluster?.text)
            return try cipher.rebind(value, to: place.binding, openAt: source, formerClusters: anyCluster)
        }
        let formerNames = formerClusters[guest.cluster] ?? []
        if case .seenElsewhere(let places) = sightings.verdict(value, at: place, formerClusters: formerNames), !accepted {
            throw .copiedValue(seenAt: places.map(\.description).joined(separator: ", "), here: guest.description)
        }
        return try cipher.rebind(value, to: place.binding)
    }

    /// A `v2` value of (`guest`, `user`) still bound to one of its cluster's former names (`previousNames`, or no cluster
    /// from before it was named) sealed again for the current name (the rename re-binds it); nil for any other value
    /// (bound to the current name, unbound, another guest's), which stays as it is. The key stays the one the cluster
    /// seals with now. A value that does not open throws (the sync reports it too).
    func rebindingFormerCluster(_ value: String, guest: GuestKey, user: String) throws(CryptoError) -> String? {
        guard let former = formerClusters[guest.cluster], !former.isEmpty,
              PasswordCipher.boundVMID(of: value) == guest.vmid else { return nil }
        let cipher = try cipher(for: guest)
        let place = CredentialPlace(cluster: guest.cluster, vmid: guest.vmid, user: user)
        let opened = try cipher.decryptNotingBinding(value, boundTo: place.binding, formerClusters: former.map { $0?.text })
        guard case .former = opened.binding else { return nil }
        return try cipher.encrypt(opened.secret, boundTo: place.binding)
    }

    /// A fresh `v2` value for a plain password of (`guest`, `user`).
    func encrypt(_ password: String, guest: GuestKey, user: String) throws(CryptoError) -> String {
        try cipher(for: guest).encrypt(Secret(password), boundTo: CredentialPlace(cluster: guest.cluster, vmid: guest.vmid, user: user).binding)
    }
}
