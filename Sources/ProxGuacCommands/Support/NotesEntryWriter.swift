import ProxGuacCore
import ProxGuacCrypto
import ProxGuacSync

/// Appends a credential entry (user, password, protocols) to guests' notes, each write protected by the
/// config digest; the password is encrypted and bound to its guest (its cluster too, when named) and user (v2) when
/// the guest's cluster has a key (`proxmox[i].encryptionKeyFile`, else `encryption.keyFile`).
/// Used by `add --user --protocols --password-file` and by the menus' Add screen.
struct NotesEntryWriter {
    let engine: SyncEngine

    /// What was (or would be) written into one guest's notes.
    struct Written: Sendable {
        let guest: GuestKey
        let encrypted: Bool

        var vmid: Int { guest.vmid }
    }

    /// Writes (or with `dryRun` only checks) the entry into the notes of each guest `selection` names, in every cluster.
    /// - Throws: `CommandFailure.usage` when a guest's notes refuse the entry (e.g. it is already there), or a plain
    ///   VM id names guests of several clusters.
    func write(user: String, password plain: Secret, protocols: [GuestProtocol], selection: GuestSelection,
               dryRun: Bool = false) async throws -> [Written] {
        let config = engine.config
        var ciphers: [ClusterName?: PasswordCipher] = [:]
        for cluster in config.clusters where config.encryption(for: cluster.name).keyOrigin != nil {
            ciphers[cluster.name] = try PasswordCipher.load(config.encryption(for: cluster.name))
        }
        // Every guest of every cluster is a candidate (not only sync.include's), as before.
        var done: [Written] = []
        for guest in try await ClusterGuest.selected(in: engine.clusters, filter: nil, selection: selection).guests {
            // Encrypted values are bound to their guest and user (v2): copied elsewhere they do not open.
            let place = CredentialPlace(cluster: guest.cluster, vmid: guest.resource.vmid, user: user)
            let password: PasswordSource = try ciphers[guest.cluster].map {
                .encrypted(try $0.encrypt(plain, boundTo: place.binding))
            } ?? .plain(plain)
            let written: Bool = try await GuestNotesRewriter(client: guest.client).rewrite(guest.resource.reference, write: !dryRun) { text in
                do {
                    return (try NotesEntryAppender.appending(user: user, password: password, protocols: protocols, to: text), true)
                } catch {
                    throw CommandFailure.usage("guest \(guest.key): \(error)")
                }
            }
            if written { done.append(Written(guest: guest.key, encrypted: password.isEncrypted)) }
        }
        return done
    }
}
